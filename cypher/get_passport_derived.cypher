// Deadlines, continuity gaps and notifications of several visible patients (nodes of the
// pathway area; absent nodes give empty lists). Same row-level rule as the passport core.
UNWIND $patientIds AS patientId
MATCH (p:Patient:Passport {patientId: patientId})
WHERE $role IN ['admin', 'analyst']
   OR ($role = 'coordinator' AND ($district IS NULL OR p.district = $district))
   OR ($role = 'clinician' AND EXISTS {
         MATCH (p)<-[:BELONGS_TO]-(:PatientRecord)<-[:SUBJECT]-(v:Record)
               -[:AT|REFERRED_TO]->(:Organization {oid: $organizationOid})
         WHERE NOT coalesce(v.retracted, false) })
CALL (p) {
  OPTIONAL MATCH (p)-[:HAS_DEADLINE]->(d:Deadline)
  RETURN collect(d {.*}) AS deadlines
}
CALL (p) {
  OPTIONAL MATCH (p)-[:HAS_GAP]->(g:Gap)
  RETURN collect(g {.*}) AS gaps
}
CALL (p) {
  OPTIONAL MATCH (p)-[:HAS_NOTIFICATION]->(n:Notification)
  WITH n ORDER BY n.createdOn DESC, n.notificationId
  RETURN collect(n {.notificationId, .kind, .severity, .title, .text, .eventOn, .createdOn,
                    .createdAt, read: $userId IN coalesce(n.readBy, [])}) AS notifications
}
RETURN patientId, deadlines, gaps, notifications
