// Death records with a malignant cause, with what else the graph knows of that patient's
// cancers: tumours other than the registry's own DCO ones, and earlier oncology records.
UNWIND $patientIds AS patientId
// Seek the patient first, and no label on the records (SUBJECT always starts at a :Record):
// anchored on the Record(kind, date) index, a batch turns quadratic.
MATCH (p:Patient {patientId: patientId})<-[:BELONGS_TO]-(:PatientRecord)
      <-[:SUBJECT]-(d)
USING INDEX SEEK p:Patient(patientId)
WHERE d.kind = 'death' AND d.icd10 STARTS WITH 'C' AND coalesce(d.retracted, false) = false
RETURN p.patientId AS patientId, d.key AS deathKey, d.date AS deathOn, d.icd10 AS icd10,
       d.morphology AS morphology,
       [(p)-[:HAS_TUMOR]->(t:Tumor) WHERE coalesce(t.derivedBy, '') <> 'registry'
        | t {.tumorId, .icd10, .morphology, .diagnosedOn}] AS tumors,
       [(p)<-[:BELONGS_TO]-(:PatientRecord)<-[:SUBJECT]-(e)
        WHERE e.kind <> 'death' AND e.icd10 STARTS WITH 'C' AND e.date <= d.date
          AND coalesce(e.retracted, false) = false
        | e.icd10] AS earlierCodes
