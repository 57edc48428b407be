// Malignant tumours (C00–C97) of passport patients diagnosed in [$from, $to], returned as
// one row of parallel columns (a region has tens of thousands of tumours: columns of
// plain values cross the wire far faster than one record each). Dates are yyyymmdd
// integers and 0 means none; text is '' when absent (collect() would drop a null and
// shift the columns). The organisation is the one of the earliest record concerning the
// tumour (where the case was found and diagnosed).
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
WITH t, p, organizationOid, organizationName,
     t.diagnosedOn AS diagnosed, p.deceasedOn AS deceased
RETURN collect(t.tumorId) AS tumorId, collect(p.patientId) AS patientId,
       collect(t.icd10) AS icd10, collect(coalesce(t.stage, '')) AS stage,
       collect(coalesce(t.morphology, '')) AS morphology,
       collect(coalesce(t.morphologicallyVerified, false)) AS morphologicallyVerified,
       collect(coalesce(t.activeDetection, false)) AS activeDetection,
       collect(diagnosed.year * 10000 + diagnosed.month * 100 + diagnosed.day) AS diagnosedOn,
       collect(coalesce(t.clinicalGroup, '')) AS clinicalGroup,
       collect(coalesce(p.sex, '')) AS sex, collect(coalesce(p.district, '')) AS district,
       collect(coalesce(deceased.year * 10000 + deceased.month * 100 + deceased.day, 0))
         AS deceasedOn,
       collect(coalesce(organizationOid, '')) AS organizationOid,
       collect(coalesce(organizationName, '')) AS organizationName
