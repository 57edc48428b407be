// Gap: a diagnostic pathway (no tumour, no malignant diagnosis, no treatment yet) whose
// last step had no next step within the limit of its stage: suspicion D1, diagnostics D2,
// diagnosis D4. A last record without an oncology sign (oncoSign = false) or a refuted
// diagnosis closes the pathway (suspicion not confirmed); a last referral is the
// suspicion gap instead.
UNWIND $patientIds AS patientId
MATCH (p:Patient:Passport {patientId: patientId})-[:LAST_EVENT]->(last)
USING INDEX SEEK p:Patient(patientId)  // anchor on the patient, whatever the counts
WHERE last.kind <> 'referral'
  AND coalesce(last.oncoSign, true)
  AND coalesce(last.verification, '') <> 'refuted'
  AND NOT EXISTS { (p)-[:HAS_TUMOR]->(:Tumor) }
  AND NOT EXISTS {
    MATCH (p)<-[:BELONGS_TO]-(:PatientRecord)<-[:SUBJECT]-(e WHERE e.routeIndex IS NOT NULL)
    WHERE e.kind IN ['surgery', 'radiotherapy', 'drug-therapy', 'death']
       OR (e.kind = 'diagnosis' AND e.icd10 STARTS WITH 'C'
           AND NOT coalesce(e.verification, 'confirmed') IN ['provisional', 'refuted'])
  }
WITH p, last,
     CASE coalesce(last.careStage, 'diagnostics')
       WHEN 'suspicion' THEN 'D1'
       WHEN 'diagnostics' THEN 'D2'
       WHEN 'diagnosis' THEN 'D4'
       ELSE null END AS rule
WHERE rule IS NOT NULL AND last.date <= $cutoffs[rule]
RETURN p.patientId AS patientId, last.date AS since, last.key AS anchorKey, rule,
       null AS dueOn, last.kind AS detail,
       [(last)-[:AT]->(o:Organization) | o.oid][0] AS organizationOid
