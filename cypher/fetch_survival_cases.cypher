// Malignant tumours (C00–C97) of passport patients diagnosed in [$from, $to] with only what
// survival curves and their filters read (analytics/store.py keeps them warm): diagnosis
// and death dates, code and stage (for the site row and stage group), district and the
// organisation. The same tumours as fetch_new_tumors, without identities, morphology or
// clinical group. Dates are yyyymmdd integers (0 = none), text '' = none. One row per
// month of diagnosis (see fetch_register_tumors: smaller rows decode in steps, so a
// background rebuild holds the API's GIL briefly at a time).
MATCH (t:Tumor)
WHERE t.diagnosedOn >= $from AND t.diagnosedOn <= $to
  AND t.icd10 >= 'C00' AND t.icd10 < 'C98'
MATCH (p:Passport)-[:HAS_TUMOR]->(t)
CALL (t) {
  OPTIONAL MATCH (t)<-[:CONCERNS]-(r:Record)-[:AT]->(o:Organization)
  WITH o ORDER BY r.date
  RETURN o.oid AS organizationOid
  LIMIT 1
}
WITH t, p, organizationOid, t.diagnosedOn AS diagnosed, p.deceasedOn AS deceased
RETURN diagnosed.year * 100 + diagnosed.month AS chunk,
       collect(t.icd10) AS icd10, collect(coalesce(t.stage, '')) AS stage,
       collect(diagnosed.year * 10000 + diagnosed.month * 100 + diagnosed.day) AS diagnosedOn,
       collect(coalesce(deceased.year * 10000 + deceased.month * 100 + deceased.day, 0))
         AS deceasedOn,
       collect(coalesce(p.district, '')) AS district,
       collect(coalesce(organizationOid, '')) AS organizationOid
