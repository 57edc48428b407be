// Passports with a record at, or a referral to, an organisation, visible to the caller,
// after the cursor $after (patientId), at most $limit.
MATCH (o:Organization {oid: $searchOid})<-[:AT|REFERRED_TO]-(r:Record)
      -[:SUBJECT]->(:PatientRecord)-[:BELONGS_TO]->(p:Passport)
USING INDEX SEEK o:Organization(oid)
WHERE NOT coalesce(r.retracted, false) AND ($after IS NULL OR p.patientId > $after)
WITH DISTINCT p
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
