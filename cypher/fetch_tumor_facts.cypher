// The clinical records of each person with the facts the tumour derivation needs, and
// whether tumours are stored for them (derived earlier).
UNWIND $patientIds AS patientId
MATCH (p:Patient {patientId: patientId})
USING INDEX SEEK p:Patient(patientId)
OPTIONAL MATCH (p)<-[:BELONGS_TO]-(:PatientRecord)<-[:SUBJECT]-(r:Record)
WHERE p:Passport AND r.retracted = false
  AND NOT r.kind IN ['patient', 'organization', 'capability', 'specimen']
CALL (r) {
  // A reference by identifier ends at the :Identifier; the records it names are the
  // targets (the region's MIS name another organisation's pathology report that way).
  OPTIONAL MATCH (r)-[:REFERS]->()-[:IDENTIFIES*0..1]->(target:Record)
  RETURN collect(DISTINCT target.key) AS refersTo
}
WITH p, collect(CASE WHEN r IS NULL THEN null ELSE {
  key: r.key, kind: r.kind, date: r.date, icd10: r.icd10, morphology: r.morphology,
  stage: r.stage, t: r.t, n: r.n, m: r.m, pathologic: r.pathologic,
  verification: r.verification, basis: r.basis,
  laterality: r.laterality, activeDetection: r.activeDetection, relapse: r.relapse,
  dispensaryRegistration: r.dispensaryRegistration, careIntent: r.careIntent,
  refersTo: refersTo
} END) AS records
RETURN p.patientId AS patientId, records, EXISTS { (p)-[:HAS_TUMOR]->() } AS hadTumors
