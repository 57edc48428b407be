// The passport of several patients in one round trip, in a write transaction because every
// view is audited: one AuditEntry per requested patient (shown or refused), then for the
// visible patients the person (analysts get no names, СНИЛС, exact birth or death date), the
// tumours, the route (clinical records, not retracted, not placeholders, in date order,
// with where they happened, where they referred to and the tumours they concern) and the
// pathway's deadlines, gaps and notifications (absent nodes give empty lists).
// Row-level rule ($role, $organizationOid, $district) as in docs/graph-model.md.
UNWIND $patientIds AS patientId
OPTIONAL MATCH (p:Patient:Passport {patientId: patientId})
USING INDEX SEEK p:Patient(patientId)
WITH patientId, p,
     p IS NOT NULL AND (
       $role IN ['admin', 'analyst']
       OR ($role = 'coordinator' AND ($district IS NULL OR p.district = $district))
       OR ($role = 'clinician' AND EXISTS {
             MATCH (p)<-[:BELONGS_TO]-(:PatientRecord)<-[:SUBJECT]-(r:Record)
                   -[:AT|REFERRED_TO]->(:Organization {oid: $organizationOid})
             WHERE NOT coalesce(r.retracted, false) })
     ) AS visible
CREATE (:AuditEntry {entryId: randomUUID(), userId: $userId, at: datetime(), action: $action,
                     patientId: patientId, clientAddress: $clientAddress,
                     outcome: CASE WHEN visible THEN 'shown' ELSE 'refused' END})
WITH patientId, p, visible
WHERE visible
OPTIONAL MATCH (p)-[:HAS_TUMOR]->(t:Tumor)
WITH patientId, p, t ORDER BY t.sequence, t.diagnosedOn
WITH patientId, p,
     collect(t {.tumorId, .icd10, .site, .morphology, .behaviour, .stage, .t, .n, .m,
                .laterality, .diagnosedOn, .verification, .basis, .morphologicallyVerified,
                .clinicalGroup, .sequence, .activeDetection}) AS tumors
CALL (p) {
  OPTIONAL MATCH (p)<-[:BELONGS_TO]-(:PatientRecord)<-[:SUBJECT]-(r:Record)
  WHERE NOT coalesce(r.retracted, false) AND NOT coalesce(r.placeholder, false)
  CALL (r) {
    OPTIONAL MATCH (r)-[:AT]->(at:Organization)
    // a referral happened where it was issued when it names no other place
    OPTIONAL MATCH (r)-[:ISSUED_BY]->(issuer:Organization)
    OPTIONAL MATCH (r)-[:REFERRED_TO]->(target:Organization)
    OPTIONAL MATCH (r)-[:CONCERNS]->(t:Tumor)
    RETURN head(collect(DISTINCT at {.oid, .name, .kind, .district})
                + collect(DISTINCT issuer {.oid, .name, .kind, .district})) AS organization,
           head(collect(DISTINCT target {.oid, .name, .kind, .district})) AS referredTo,
           collect(DISTINCT t.tumorId) AS tumorIds
  }
  WITH r, organization, referredTo, tumorIds ORDER BY r.date, r.key
  RETURN collect(CASE WHEN r IS NOT NULL THEN {
           record: r {.key, .kind, .date, .endDate, .careStage, .icd10, .morphology, .stage,
                      .t, .n, .m, .value, .text, .vimisDocType, .source, .resourceType,
                      .resourceId, .codes, .code, .encounterClass, .emergency, .verification,
                      .basis},
           organization: organization, referredTo: referredTo, tumorIds: tumorIds} END)
         AS route
}
CALL (p) {
  OPTIONAL MATCH (p)-[:HAS_DEADLINE]->(d:Deadline)
  WITH d ORDER BY d.startedOn, d.rule  // a clinician reads them in the order of the care
  RETURN collect(d {.*}) AS deadlines
}
CALL (p) {
  OPTIONAL MATCH (p)-[:HAS_GAP]->(g:Gap)
  WITH g ORDER BY g.since, g.kind
  RETURN collect(g {.*}) AS gaps
}
CALL (p) {
  OPTIONAL MATCH (p)-[:HAS_NOTIFICATION]->(n:Notification)
  WITH n ORDER BY n.createdOn DESC, n.notificationId
  RETURN collect(n {.notificationId, .kind, .severity, .title, .text, .eventOn, .createdOn,
                    .createdAt, read: $userId IN coalesce(n.readBy, [])}) AS notifications
}
RETURN patientId,
       p {.patientId, .sex, .district, .passportSince, .clinicalGroup, .deceasedPrecision,
          birthYear: p.birthDate.year, deceasedYear: p.deceasedOn.year,
          // analysts: the year of death only, as /analyst/patients gives it
          deceasedOn: CASE WHEN $role = 'analyst' THEN null ELSE p.deceasedOn END,
          family: CASE WHEN $role = 'analyst' THEN null ELSE p.family END,
          given: CASE WHEN $role = 'analyst' THEN null ELSE p.given END,
          patronymic: CASE WHEN $role = 'analyst' THEN null ELSE p.patronymic END,
          birthDate: CASE WHEN $role = 'analyst' THEN null ELSE p.birthDate END,
          snils: CASE WHEN $role = 'analyst' THEN null ELSE p.snils END} AS patient,
       tumors, route, deadlines, gaps, notifications
