// The dispensary register as of $to: one row per passport patient with a malignant tumour
// (C00–C97) diagnosed on or before $to (death-certificate-only tumours never enter the
// contingent). Taken on = first diagnosis. Removed = death, or — when every tumour of the
// patient was removed — the latest removal the registry dated on its RegistryEntry
// (removedOn, removalReason: moved, not-confirmed, basal-cell-5-years), read also from the
// Tumor itself where no registry entry exists. The first tumour gives the site, the latest
// the clinical group.
MATCH (t:Tumor)
WHERE t.diagnosedOn <= $to AND t.icd10 >= 'C00' AND t.icd10 < 'C98'
  AND coalesce(t.dco, false) = false
MATCH (p:Passport)-[:HAS_TUMOR]->(t)
OPTIONAL MATCH (entry:RegistryEntry)-[:OF_TUMOR]->(t)
WITH p, t, coalesce(entry.removedOn, t.removedOn) AS removedOn,
     coalesce(entry.removalReason, t.removalReason) AS removalReason
ORDER BY t.diagnosedOn
WITH p, collect(t) AS tumors,
     collect(CASE WHEN removedOn IS NULL OR removalReason = 'died' THEN null
                  ELSE {on: removedOn, reason: removalReason} END) AS removals
WITH p, tumors[0] AS first, tumors[size(tumors) - 1] AS latest,
     CASE WHEN size(removals) = size(tumors) THEN removals ELSE [] END AS removals
UNWIND CASE WHEN removals = [] THEN [null] ELSE removals END AS removal
WITH p, first, latest, removal ORDER BY removal.on DESC
WITH p, first, latest, collect(removal)[0] AS lastRemoval
RETURN p.patientId AS patientId, p.sex AS sex, p.district AS district,
       first.icd10 AS icd10, first.diagnosedOn AS takenOn,
       coalesce(latest.clinicalGroup, first.clinicalGroup) AS clinicalGroup,
       p.deceasedOn AS deceasedOn, lastRemoval.on AS removedOn,
       lastRemoval.reason AS removalReason
