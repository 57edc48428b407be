// Deadlines, continuity gaps and notifications of several visible patients (nodes of the
// pathway area; absent nodes give empty lists). Same row-level rule as the passport core.
UNWIND $patientIds AS patientId
MATCH (p:Passport {patientId: patientId})
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
  // Notifications may hang off the patient in either direction: match both.
  OPTIONAL MATCH (p)--(n:Notification)
  RETURN collect(DISTINCT n {.*}) AS notifications
}
RETURN patientId, deadlines, gaps, notifications
