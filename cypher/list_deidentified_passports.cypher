// De-identified passports for analysts: no names, СНИЛС, ЕНП or exact birth date (birth
// year only), after the cursor $after (patientId), at most $limit.
MATCH (p:Passport)
WHERE $after IS NULL OR p.patientId > $after
WITH p ORDER BY p.patientId LIMIT $limit
OPTIONAL MATCH (p)-[:HAS_TUMOR]->(t:Tumor)
WITH p, collect(t {.icd10, .morphology, .stage, .t, .n, .m, .diagnosedOn, .verification,
                   .clinicalGroup, .sequence}) AS tumors
RETURN p.patientId AS patientId, p.sex AS sex, p.birthDate.year AS birthYear,
       p.district AS district, p.passportSince AS passportSince,
       p.deceasedOn.year AS deceasedYear, tumors
ORDER BY patientId
