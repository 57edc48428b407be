// Benchmark setup only: a Tumor per row with the records that concern it (a diagnostic
// record at an organisation, and the 090/у notice when there is one).
UNWIND $rows AS row
MATCH (p:Patient {patientId: row.patientId})<-[:BELONGS_TO]-(pr:PatientRecord)
USING INDEX SEEK p:Patient(patientId)
MATCH (o:Organization {oid: row.organizationOid})
USING INDEX SEEK o:Organization(oid)
CREATE (t:Tumor {tumorId: row.tumorId, icd10: row.icd10, site: left(row.icd10, 3),
        morphology: row.morphology, stage: row.stage, diagnosedOn: row.diagnosedOn,
        verification: 'confirmed', clinicalGroup: row.clinicalGroup,
        activeDetection: row.activeDetection, sequence: 1})
CREATE (p)-[:HAS_TUMOR]->(t)
CREATE (r:Record {key: row.recordKey, source: 'bench', resourceType: 'DiagnosticReport',
        resourceId: row.tumorId, kind: row.kind, date: row.diagnosedOn, icd10: row.icd10,
        morphology: row.morphology, retracted: false, placeholder: false, oncoSign: true})
CREATE (r)-[:SUBJECT]->(pr)
CREATE (r)-[:CONCERNS]->(t)
CREATE (r)-[:AT]->(o)
FOREACH (on IN CASE WHEN row.reportedOn IS NULL THEN [] ELSE [row.reportedOn] END |
  CREATE (n:Record {key: row.recordKey + '-090', source: 'bench', kind: 'notification-090',
          resourceType: 'DocumentReference', resourceId: row.tumorId + '-090', date: on,
          retracted: false, placeholder: false, oncoSign: true})
  CREATE (n)-[:SUBJECT]->(pr)
  CREATE (n)-[:CONCERNS]->(t)
  CREATE (n)-[:AT]->(o))
