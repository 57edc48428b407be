// The tumours behind the dispensary register as of $to, one row per tumour as parallel
// columns (dates as yyyymmdd integers, 0 = none; text '' = none): malignant (C00–C97),
// diagnosed on or before $to, of a passport patient, not death-certificate-only (those
// never enter the contingent). pandas groups them per patient (analytics/frames.py
// `register_from_tumors`): sorting and collecting 100 000 patients in Cypher cost more
// than the grouping does in pandas.
// removedOn is the registry's removal of the tumour (its RegistryEntry, else the Tumor's
// own removedOn), 0 when there is none or its reason is death: death is the patient's
// deceasedOn. clinicalGroup and removalReason are returned only when $details is true
// (form No. 35 needs them, the indicators do not; every 100 000-value column costs time
// to ship): otherwise collect() drops the nulls and those columns come back empty.
// One row per month of diagnosis: the API decodes a result while serving requests, and a
// few thousand values per row let it switch threads between rows.
MATCH (t:Tumor)
WHERE t.diagnosedOn <= $to AND t.icd10 >= 'C00' AND t.icd10 < 'C98'
  AND coalesce(t.dco, false) = false
MATCH (p:Passport)-[:HAS_TUMOR]->(t)
OPTIONAL MATCH (entry:RegistryEntry)-[:OF_TUMOR]->(t)
WITH p, t, t.diagnosedOn AS diagnosed, p.deceasedOn AS deceased,
     coalesce(entry.removedOn, t.removedOn) AS removed,
     coalesce(entry.removalReason, t.removalReason) AS reason
RETURN diagnosed.year * 100 + diagnosed.month AS chunk,
       collect(p.patientId) AS patientId, collect(coalesce(p.district, '')) AS district,
       collect(t.icd10) AS icd10,
       collect(diagnosed.year * 10000 + diagnosed.month * 100 + diagnosed.day) AS diagnosedOn,
       collect(coalesce(deceased.year * 10000 + deceased.month * 100 + deceased.day, 0))
         AS deceasedOn,
       collect(CASE WHEN removed IS NULL OR reason = 'died' THEN 0
                    ELSE removed.year * 10000 + removed.month * 100 + removed.day END)
         AS removedOn,
       collect(CASE WHEN $details THEN coalesce(t.clinicalGroup, '') END) AS clinicalGroup,
       collect(CASE WHEN $details THEN coalesce(reason, '') END) AS removalReason
