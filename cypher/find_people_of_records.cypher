// The people these records concern: a Patient record's person, or the person of the
// patient record a record is about.
UNWIND $keys AS key
MATCH (r:Record {key: key})
USING INDEX SEEK r:Record(key)
CALL (r) {
  MATCH (r)-[:SUBJECT]->(:PatientRecord)-[:BELONGS_TO]->(p:Patient)
  RETURN p
UNION
  MATCH (r)-[:BELONGS_TO]->(p:Patient)
  RETURN p
}
RETURN DISTINCT p.patientId AS patientId
