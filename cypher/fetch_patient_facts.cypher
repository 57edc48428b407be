// The facts the pathway engine needs for a batch of passport patients: their care records
// (every non-retracted dated clinical record, in no particular order) and their tumours.
// Patients without the :Passport label are not returned (their derived layer is cleared).
UNWIND $patientIds AS patientId
MATCH (p:Patient:Passport {patientId: patientId})
USING INDEX SEEK p:Patient(patientId)  // anchor on the patient, whatever the counts
CALL (p) {
  // `r` carries no label (SUBJECT always starts at a :Record): with one, the planner may
  // join every dated record of the region, from the Record(kind, date) index, to each person.
  OPTIONAL MATCH (p)<-[:BELONGS_TO]-(:PatientRecord)<-[:SUBJECT]-(r)
  WHERE r.date IS NOT NULL
    AND coalesce(r.retracted, false) = false
    AND coalesce(r.placeholder, false) = false
    AND NOT r.kind IN ['patient', 'organization']
  WITH r WHERE r IS NOT NULL
  RETURN collect(r {
    .key, .kind, .date, .careStage, .icd10, .stage, .m, .morphology, .behaviour,
    .verification, .emergency, .encounterClass, .dispensaryRegistration,
    .dispensaryVisit, .specimenReceivedOn, .codes, .text, .status, .clinicalStatus,
    .relapse, .progression, .asks,
    // no labels on the far nodes: AT/REFERRED_TO always end at an Organization, and a
    // label there lets the planner start from its (small) label scan
    atOid: [(r)-[:AT]->(o) | o.oid][0],
    atKind: [(r)-[:AT]->(o) | o.kind][0],
    targetOid: [(r)-[:REFERRED_TO]->(o) | o.oid][0],
    targetKind: [(r)-[:REFERRED_TO]->(o) | o.kind][0],
    // a reference by identifier ends at the :Identifier: its records are the targets
    specimenOn: [(r)-[:REFERS {path: 'specimen'}]->()-[:IDENTIFIES*0..1]->(s)
                 WHERE s.key IS NOT NULL | s.date][0],
    basedOn: [(r)-[:REFERS {path: 'basedOn'}]->()-[:IDENTIFIES*0..1]->(s)
              WHERE s.key IS NOT NULL | s.key]
  }) AS records
}
CALL (p) {
  OPTIONAL MATCH (p)-[:HAS_TUMOR]->(t:Tumor)
  WITH t WHERE t IS NOT NULL
  RETURN collect(t {.tumorId, .icd10, .site, .stage, .m, .diagnosedOn, .verification,
                    .morphology, .behaviour}) AS tumors
}
RETURN p.patientId AS patientId, p.district AS district, p.deceasedOn AS deceasedOn,
       records, tumors
