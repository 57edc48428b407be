// Which of the given people already have a passport.
UNWIND $patientIds AS patientId
MATCH (p:Passport {patientId: patientId})
RETURN p.patientId AS patientId
