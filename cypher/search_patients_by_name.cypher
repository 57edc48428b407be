// Passports by family name (prefix, upper case, Ё = Е), optional given name and birth date,
// visible to the caller, after the cursor $after (patientId), at most $limit.
MATCH (p:Passport {birthDate: $birthDate})
WHERE replace(toUpper(p.family), 'Ё', 'Е') STARTS WITH $familyKey
  AND ($givenKey IS NULL OR replace(toUpper(p.given), 'Ё', 'Е') STARTS WITH $givenKey)
  AND ($after IS NULL OR p.patientId > $after)
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
