// The people whose records changed in a batch.
UNWIND $keys AS key
MATCH (r:Record {key: key})
OPTIONAL MATCH (r)-[:SUBJECT]->(:PatientRecord)-[:BELONGS_TO]->(viaSubject:Patient)
OPTIONAL MATCH (r:PatientRecord)-[:BELONGS_TO]->(direct:Patient)
WITH collect(DISTINCT viaSubject.patientId) + collect(DISTINCT direct.patientId) AS ids
UNWIND ids AS patientId
RETURN DISTINCT patientId
