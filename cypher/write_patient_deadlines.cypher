// Replace the deadlines of each patient in $rows (MERGE on the stable deadlineId; a deadline
// whose start record is gone is deleted) and keep the patient's pathway summary used by the
// routing load: openPathway, currentOrganizationOid.
// row: {patientId, openPathway, currentOrganizationOid, deadlines: [{deadlineId, rule,
//       titleRu, state, startedOn, dueOn, stoppedOn, daysOver, startKey, stopKey,
//       organizationOids}]}
UNWIND $rows AS row
MATCH (p:Patient {patientId: row.patientId})
USING INDEX SEEK p:Patient(patientId)
SET p.openPathway = row.openPathway, p.currentOrganizationOid = row.currentOrganizationOid
WITH p, row
CALL (p, row) {
  MATCH (p)-[:HAS_DEADLINE]->(old)
  WHERE NOT old.deadlineId IN [d IN row.deadlines | d.deadlineId]
  DETACH DELETE old
}
CALL (p, row) {
  UNWIND row.deadlines AS d
  MERGE (x:Deadline {deadlineId: d.deadlineId})
  SET x += d, x.patientId = row.patientId
  MERGE (p)-[:HAS_DEADLINE]->(x)
  WITH x, d
  CALL (x) {
    MATCH (x)-[s:STARTED_BY|STOPPED_BY]->()
    DELETE s
  }
  CALL (x, d) {
    MATCH (start:Record {key: d.startKey})
    USING INDEX SEEK start:Record(key)
    MERGE (x)-[:STARTED_BY]->(start)
  }
  CALL (x, d) {
    MATCH (stop:Record {key: d.stopKey})
    USING INDEX SEEK stop:Record(key)
    MERGE (x)-[:STOPPED_BY]->(stop)
  }
}
