// New malignant cases (C00–C97) of [$from, $to] with only the columns the indicators use,
// as parallel columns like fetch_new_tumors (dates as yyyymmdd integers; text '' = none):
// no tumour id, sex, clinical group or death date, which the dashboard never reads and
// which cost time to ship for tens of thousands of tumours. The organisation is the one
// of the earliest record concerning the tumour (where the case was found and diagnosed).
// One row per month of diagnosis (see fetch_register_tumors: smaller rows decode in steps).
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
WITH t, p, organizationOid, organizationName, t.diagnosedOn AS diagnosed
RETURN diagnosed.year * 100 + diagnosed.month AS chunk,
       collect(p.patientId) AS patientId, collect(t.icd10) AS icd10,
       collect(coalesce(t.stage, '')) AS stage,
       collect(coalesce(t.morphology, '')) AS morphology,
       collect(coalesce(t.morphologicallyVerified, false)) AS morphologicallyVerified,
       collect(coalesce(t.activeDetection, false)) AS activeDetection,
       collect(diagnosed.year * 10000 + diagnosed.month * 100 + diagnosed.day) AS diagnosedOn,
       collect(coalesce(p.district, '')) AS district,
       collect(coalesce(organizationOid, '')) AS organizationOid,
       collect(coalesce(organizationName, '')) AS organizationName
