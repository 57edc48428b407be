// The district of a person (for the operator's scope).
MATCH (p:Patient {patientId: $patientId})
USING INDEX SEEK p:Patient(patientId)
RETURN p.district AS district
