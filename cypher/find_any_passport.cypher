// Does the graph hold any passport yet (the demo fills an empty region only once)?
MATCH (p:Passport)
RETURN p.patientId AS patientId
LIMIT 1
