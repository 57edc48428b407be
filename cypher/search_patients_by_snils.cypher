// Passports whose person has this СНИЛС (on the Patient or any of its PatientRecords),
// visible to the caller, after the cursor $after (patientId), at most $limit.
CALL {
  MATCH (p:Passport {snils: $snils}) RETURN p
  UNION
  MATCH (:PatientRecord {snils: $snils})-[:BELONGS_TO]->(p:Passport) RETURN p
}
WITH p
WHERE ($after IS NULL OR p.patientId > $after)
WITH p
WHERE $role IN ['admin', 'analyst']
   OR ($role = 'coordinator' AND ($district IS NULL OR p.district = $district))
   OR ($role = 'clinician' AND EXISTS {
         MATCH (p)<-[:BELONGS_TO]-(:PatientRecord)<-[:SUBJECT]-(v:Record)
               -[:AT|REFERRED_TO]->(:Organization {oid: $organizationOid})
         WHERE NOT coalesce(v.retracted, false) })
RETURN p {.patientId, .sex, .district, .passportSince,
          birthYear: p.birthDate.year, deceasedYear: p.deceasedOn.year,
          // analysts: the year of death only, as /analyst/patients gives it
          deceasedOn: CASE WHEN $role = 'analyst' THEN null ELSE p.deceasedOn END,
          family: CASE WHEN $role = 'analyst' THEN null ELSE p.family END,
          given: CASE WHEN $role = 'analyst' THEN null ELSE p.given END,
          patronymic: CASE WHEN $role = 'analyst' THEN null ELSE p.patronymic END,
          birthDate: CASE WHEN $role = 'analyst' THEN null ELSE p.birthDate END,
          snils: CASE WHEN $role = 'analyst' THEN null ELSE p.snils END} AS patient
ORDER BY p.patientId
LIMIT $limit
