// Legacy registry sources: one Record per source document, concerning its tumour.
UNWIND $rows AS row
MATCH (tumor:Tumor {tumorId: row.tumorId})
USING INDEX SEEK tumor:Tumor(tumorId)
MATCH (pr:PatientRecord {key: row.patientKey})
MERGE (r:Record {key: row.key})
SET r.source = $source, r.resourceType = row.resourceType, r.resourceId = row.sourceId,
    r.versionId = '1', r.status = 'final', r.kind = row.kind, r.date = row.date,
    r.text = row.text, r.icd10 = tumor.icd10,
    r.morphology = CASE WHEN row.kind IN ['pathology', 'cytology'] THEN tumor.morphology END,
    r.oncoSign = true, r.retracted = false, r.placeholder = false, r.resource = row.raw
MERGE (r)-[:SUBJECT]->(pr)
MERGE (r)-[:CONCERNS]->(tumor)
FOREACH (oid IN CASE WHEN row.organisationOid IS NULL THEN [] ELSE [row.organisationOid] END |
  MERGE (o:Organization {oid: oid})
  SET o.name = coalesce(o.name, row.organisationName)
  MERGE (r)-[:AT]->(o))
