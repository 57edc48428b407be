// (:Record)-[:SUBJECT]->(:PatientRecord). A subject that has not arrived yet, or that is
// named by an identifier (СНИЛС), becomes a placeholder PatientRecord; the identity layer
// links it to its person when the Patient resource or a matching identifier is known.
UNWIND $rows AS row
MATCH (r:Record {key: row.key})
USING INDEX SEEK r:Record(key)
MERGE (subject:Record {key: row.subjectKey})
  ON CREATE SET subject.placeholder = true, subject.resourceType = 'Patient',
                subject.kind = 'patient', subject.source = row.source,
                subject.snils = row.snils, subject.retracted = false
SET subject:PatientRecord
MERGE (r)-[:SUBJECT]->(subject)
WITH subject, row
WHERE row.system IS NOT NULL
MERGE (i:Identifier {system: row.system, value: row.value})
MERGE (i)-[:IDENTIFIES]->(subject)
