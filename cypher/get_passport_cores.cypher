// Passport core of several patients, in a write transaction because every view is audited:
// one AuditEntry per requested patient (shown or refused), then the visible patients with
// their tumours. Row-level rule ($role, $organizationOid, $district) as in docs/analyst-guide.md;
// analysts get no names, СНИЛС or exact birth date.
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
                .laterality, .diagnosedOn, .verification, .clinicalGroup, .sequence,
                .activeDetection, .pathologicParts}) AS tumors
RETURN patientId,
       p {.patientId, .sex, .district, .deceasedOn, .deceasedPrecision, .passportSince,
          .clinicalGroup,
          birthYear: p.birthDate.year,
          family: CASE WHEN $role = 'analyst' THEN null ELSE p.family END,
          given: CASE WHEN $role = 'analyst' THEN null ELSE p.given END,
          patronymic: CASE WHEN $role = 'analyst' THEN null ELSE p.patronymic END,
          birthDate: CASE WHEN $role = 'analyst' THEN null ELSE p.birthDate END,
          snils: CASE WHEN $role = 'analyst' THEN null ELSE p.snils END} AS patient,
       tumors
