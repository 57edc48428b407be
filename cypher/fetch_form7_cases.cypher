// New malignant cases of [$from, $to] with only what form No. 7 counts (no organisation
// lookup, no identities), as parallel columns like fetch_new_tumors.
MATCH (t:Tumor)
WHERE t.diagnosedOn >= $from AND t.diagnosedOn <= $to
  AND t.icd10 >= 'C00' AND t.icd10 < 'C98'
MATCH (p:Passport)-[:HAS_TUMOR]->(t)
WITH t, p.sex AS sex, t.diagnosedOn AS diagnosed
RETURN collect(t.icd10) AS icd10, collect(coalesce(t.stage, '')) AS stage,
       collect(coalesce(t.morphology, '')) AS morphology,
       collect(coalesce(t.morphologicallyVerified, false)) AS morphologicallyVerified,
       collect(coalesce(t.activeDetection, false)) AS activeDetection,
       collect(diagnosed.year * 10000 + diagnosed.month * 100 + diagnosed.day) AS diagnosedOn,
       collect(coalesce(sex, '')) AS sex
