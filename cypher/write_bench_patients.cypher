// Benchmark setup only (bench/routes.py): bulk-create passport patients with their
// PatientRecord, care records and tumour in the documented record/identity shape, without
// going through the FHIR ingest. row: {patientId, district, family, given, birthDate, sex,
// records: [{key, kind, date, props, at}], tumor: {tumorId, icd10, stage, diagnosedOn} | null}
UNWIND $rows AS row
CREATE (p:Patient:Passport {patientId: row.patientId, family: row.family, given: row.given,
                            sex: row.sex, birthDate: row.birthDate, district: row.district,
                            passportSince: row.records[0].date})
CREATE (pr:Record:PatientRecord {key: 'bench|Patient|' + row.patientId, source: 'bench',
                                 resourceType: 'Patient', resourceId: row.patientId,
                                 kind: 'patient', retracted: false, placeholder: false})
CREATE (pr)-[:BELONGS_TO {reason: 'local-id', score: 1.0}]->(p)
WITH p, pr, row
CALL (p, pr, row) {
  UNWIND row.records AS rec
  MATCH (o:Organization {oid: rec.at})
  USING INDEX SEEK o:Organization(oid)
  CREATE (r:Record {key: rec.key})
  SET r += rec.props, r.kind = rec.kind, r.date = rec.date, r.source = 'bench',
      r.retracted = false, r.placeholder = false, r.oncoSign = true
  CREATE (r)-[:SUBJECT]->(pr)
  CREATE (r)-[:AT]->(o)
}
CALL (p, row) {
  WITH p, row WHERE row.tumor IS NOT NULL
  CREATE (t:Tumor {tumorId: row.tumor.tumorId, icd10: row.tumor.icd10,
                   site: left(row.tumor.icd10, 3), stage: row.tumor.stage,
                   diagnosedOn: row.tumor.diagnosedOn, verification: 'histology',
                   clinicalGroup: 'II', sequence: 1})
  CREATE (p)-[:HAS_TUMOR]->(t)
}
