// Write each person's derived tumours: update those still derived, drop the others,
// and re-draw which records concern which tumour.
UNWIND $patients AS row
MATCH (p:Patient {patientId: row.patientId})
USING INDEX SEEK p:Patient(patientId)
CALL (p) {
  OPTIONAL MATCH (p)<-[:BELONGS_TO]-(:PatientRecord)<-[:SUBJECT]-(:Record)-[c:CONCERNS]->(:Tumor)
  DELETE c
}
CALL (p, row) {
  OPTIONAL MATCH (p)-[:HAS_TUMOR]->(old:Tumor)
  WHERE NOT old.tumorId IN [t IN row.tumors | t.props.tumorId]
  DETACH DELETE old
}
WITH p, row
UNWIND row.tumors AS tumor
MERGE (t:Tumor {tumorId: tumor.props.tumorId})
SET t = tumor.props
MERGE (p)-[:HAS_TUMOR]->(t)
WITH t, tumor
UNWIND tumor.recordKeys AS key
MATCH (r:Record {key: key})
USING INDEX SEEK r:Record(key)
MERGE (r)-[:CONCERNS]->(t)
