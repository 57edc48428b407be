// The dispensary register as of $to: one entry per passport patient with a malignant tumour
// (C00–C97) diagnosed on or before $to (death-certificate-only tumours never enter the
// contingent), returned as one row of parallel columns (see fetch_new_tumors: dates as
// yyyymmdd integers, 0 = none; text '' = none). Taken on = first diagnosis. Removed =
// death, or — when every tumour of the patient was removed — the latest removal the
// registry dated on its RegistryEntry (removedOn, removalReason: moved, not-confirmed,
// basal-cell-5-years), read also from the Tumor itself where no registry entry exists.
// The first tumour gives the site, the latest the clinical group.
MATCH (t:Tumor)
WHERE t.diagnosedOn <= $to AND t.icd10 >= 'C00' AND t.icd10 < 'C98'
  AND coalesce(t.dco, false) = false
MATCH (p:Passport)-[:HAS_TUMOR]->(t)
OPTIONAL MATCH (entry:RegistryEntry)-[:OF_TUMOR]->(t)
WITH p, t, coalesce(entry.removedOn, t.removedOn) AS removedOn,
     coalesce(entry.removalReason, t.removalReason) AS removalReason
WITH p, t, CASE WHEN removedOn IS NULL OR removalReason = 'died' THEN null
                ELSE {on: removedOn, reason: removalReason} END AS removal
ORDER BY t.diagnosedOn
WITH p, collect(t) AS tumors, collect(removal) AS removals
WITH p, tumors[0] AS first, tumors[size(tumors) - 1] AS latest,
     CASE WHEN size(removals) = size(tumors)
          THEN reduce(last = null, r IN removals |
                      CASE WHEN last IS NULL OR r.on > last.on THEN r ELSE last END)
     END AS lastRemoval
WITH p, first, latest, lastRemoval, first.diagnosedOn AS taken, p.deceasedOn AS deceased,
     lastRemoval.on AS removed
RETURN collect(p.patientId) AS patientId, collect(coalesce(p.district, '')) AS district,
       collect(first.icd10) AS icd10,
       collect(taken.year * 10000 + taken.month * 100 + taken.day) AS takenOn,
       collect(coalesce(latest.clinicalGroup, first.clinicalGroup, '')) AS clinicalGroup,
       collect(coalesce(deceased.year * 10000 + deceased.month * 100 + deceased.day, 0))
         AS deceasedOn,
       collect(coalesce(removed.year * 10000 + removed.month * 100 + removed.day, 0))
         AS removedOn,
       collect(coalesce(lastRemoval.reason, '')) AS removalReason
