// Replace the open gaps of each patient in $rows: gaps no longer found are deleted, the
// others MERGEd on their stable gapId. Filter fields of the worklist (district, site,
// organizationOid, careOrganizationOids, urgency) live on the Gap so the worklist is one
// index-friendly scan.
// row: {patientId, gaps: [{gapId, kind, labelRu, since, dueOn, overdueDays, urgency, detail,
//       organizationOid, district, site, careOrganizationOids, anchorKey}]}
UNWIND $rows AS row
MATCH (p:Patient {patientId: row.patientId})
USING INDEX SEEK p:Patient(patientId)
CALL (p, row) {
  MATCH (p)-[:HAS_GAP]->(old)
  WHERE NOT old.gapId IN [g IN row.gaps | g.gapId]
  DETACH DELETE old
}
CALL (p, row) {
  UNWIND row.gaps AS g
  MERGE (x:Gap {gapId: g.gapId})
  SET x += g, x.patientId = row.patientId
  MERGE (p)-[:HAS_GAP]->(x)
}
SET p.openGaps = size(row.gaps)
