// Everything of a passport beyond its core, for several visible patients in one round
// trip: the route (clinical records, not retracted, not placeholders, in date order, with
// where they happened, where they referred to and the tumours they concern) and the
// pathway's deadlines, gaps and notifications (absent nodes give empty lists).
// The row-level rule is repeated here so that this query alone never leaks a patient.
UNWIND $patientIds AS patientId
MATCH (p:Patient:Passport {patientId: patientId})
WHERE $role IN ['admin', 'analyst']
   OR ($role = 'coordinator' AND ($district IS NULL OR p.district = $district))
   OR ($role = 'clinician' AND EXISTS {
         MATCH (p)<-[:BELONGS_TO]-(:PatientRecord)<-[:SUBJECT]-(v:Record)
               -[:AT|REFERRED_TO]->(:Organization {oid: $organizationOid})
         WHERE NOT coalesce(v.retracted, false) })
CALL (p) {
  OPTIONAL MATCH (p)<-[:BELONGS_TO]-(:PatientRecord)<-[:SUBJECT]-(r:Record)
  WHERE NOT coalesce(r.retracted, false) AND NOT coalesce(r.placeholder, false)
  CALL (r) {
    OPTIONAL MATCH (r)-[:AT]->(at:Organization)
    OPTIONAL MATCH (r)-[:REFERRED_TO]->(target:Organization)
    OPTIONAL MATCH (r)-[:CONCERNS]->(t:Tumor)
    RETURN head(collect(DISTINCT at {.oid, .name, .kind, .district})) AS organization,
           head(collect(DISTINCT target {.oid, .name, .kind, .district})) AS referredTo,
           collect(DISTINCT t.tumorId) AS tumorIds
  }
  WITH r, organization, referredTo, tumorIds ORDER BY r.date, r.key
  RETURN collect(CASE WHEN r IS NOT NULL THEN {
           record: r {.key, .kind, .date, .endDate, .careStage, .icd10, .morphology, .stage,
                      .text, .vimisDocType, .source, .resourceType, .resourceId, .codes,
                      .code, .encounterClass, .emergency, .verification},
           organization: organization, referredTo: referredTo, tumorIds: tumorIds} END)
         AS route
}
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
RETURN patientId, route, deadlines, gaps, notifications
