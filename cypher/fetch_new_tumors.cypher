// Malignant tumours (C00–C97) of passport patients diagnosed in [$from, $to]: one row per
// tumour with what indicators and form No. 7 need. The organisation is the one of the
// earliest record concerning the tumour (where the case was found and diagnosed).
MATCH (t:Tumor)
WHERE t.diagnosedOn >= $from AND t.diagnosedOn <= $to
  AND t.icd10 >= 'C00' AND t.icd10 < 'C98'
MATCH (p:Passport)-[:HAS_TUMOR]->(t)
CALL (t) {
  OPTIONAL MATCH (t)<-[:CONCERNS]-(r:Record)-[:AT]->(o:Organization)
  WITH o ORDER BY r.date
  RETURN o.oid AS organizationOid, o.name AS organizationName
  LIMIT 1
}
RETURN t.tumorId AS tumorId, p.patientId AS patientId, t.icd10 AS icd10,
       t.stage AS stage, t.morphology AS morphology, t.verification AS verification,
       coalesce(t.activeDetection, false) AS activeDetection, t.diagnosedOn AS diagnosedOn,
       t.clinicalGroup AS clinicalGroup, p.sex AS sex, p.district AS district,
       p.deceasedOn AS deceasedOn, organizationOid, organizationName
