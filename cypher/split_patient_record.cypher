// Undo a link: the PatientRecord leaves its person for a person of its own, and is never
// linked back to the old one automatically. Returns both persons for a refresh.
MATCH (pr:Record:PatientRecord {key: $key})-[link:BELONGS_TO]->(old:Patient)
USING INDEX SEEK pr:Record(key)
DELETE link
MERGE (own:Patient {patientId: $newPatientId})
MERGE (pr)-[newLink:BELONGS_TO]->(own)
SET newLink.reason = 'manual', newLink.score = 1.0, newLink.linkedBy = $operator,
    newLink.linkedAt = datetime()
MERGE (pr)-[refusal:NOT_SAME_AS]->(old)
SET refusal.by = $operator, refusal.at = datetime(), refusal.why = $why
RETURN old.patientId AS oldPatientId, own.patientId AS newPatientId
