// Benchmark setup only (bench/registry_quality.py): patients with their PatientRecord, in
// the documented shape, written in bulk.
UNWIND $rows AS row
CREATE (p:Patient:Passport {patientId: row.patientId, sex: row.sex,
        birthDate: row.birthDate, district: row.district, deceasedOn: row.deceasedOn,
        passportSince: row.firstOn})
CREATE (pr:Record:PatientRecord {key: row.key, source: 'bench', resourceType: 'Patient',
        resourceId: row.patientId, kind: 'patient', sex: row.sex, birthDate: row.birthDate,
        district: row.district, retracted: false, placeholder: false})
CREATE (pr)-[:BELONGS_TO {reason: 'local-id', score: 1.0}]->(p)
