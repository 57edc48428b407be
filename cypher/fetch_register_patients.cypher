// The dispensary register as of $to: one row per passport patient with a malignant tumour
// (C00–C97) diagnosed on or before $to. Taken on = first diagnosis; removed = death, or
// the removal the registry set on the tumour (removedOn, removalReason: moved,
// not-confirmed); the first tumour gives site and clinical group.
MATCH (t:Tumor)
WHERE t.diagnosedOn <= $to AND t.icd10 >= 'C00' AND t.icd10 < 'C98'
MATCH (p:Passport)-[:HAS_TUMOR]->(t)
WITH p, t ORDER BY t.diagnosedOn
WITH p, collect(t) AS tumors
WITH p, tumors[0] AS first, tumors[size(tumors) - 1] AS latest
RETURN p.patientId AS patientId, p.sex AS sex, p.district AS district,
       first.icd10 AS icd10, first.diagnosedOn AS takenOn,
       coalesce(latest.clinicalGroup, first.clinicalGroup) AS clinicalGroup,
       p.deceasedOn AS deceasedOn, first.removedOn AS removedOn,
       first.removalReason AS removalReason
