// Legacy registry tumours: a diagnosis Record (source legacy-registry) and the Tumor it
// concerns; a removal from the register becomes the dispensary episode's end.
UNWIND $rows AS row
MATCH (pr:PatientRecord {key: row.patientKey})-[:BELONGS_TO]->(p:Patient)
MERGE (r:Record {key: row.key})
SET r.source = $source, r.resourceType = 'Condition', r.resourceId = row.tumourId,
    r.versionId = '1', r.status = 'final', r.kind = 'diagnosis', r.careStage = 'diagnosis',
    r.date = row.incidenceOn, r.icd10 = row.icd10, r.morphology = row.morphology,
    r.behaviour = row.behaviour, r.grade = row.grade, r.basis = row.basis,
    r.stage = row.stage, r.t = row.t, r.n = row.n, r.m = row.m,
    r.verification = 'confirmed', r.activeDetection = row.activeDetection, r.oncoSign = true,
    r.retracted = false, r.placeholder = false, r.resource = row.raw
MERGE (r)-[:SUBJECT]->(pr)
MERGE (tumor:Tumor {tumorId: row.tumorId})
SET tumor.icd10 = row.icd10, tumor.site = left(row.icd10, 3),
    tumor.morphology = row.morphology, tumor.behaviour = row.behaviour,
    tumor.stage = row.stage, tumor.t = row.t, tumor.n = row.n, tumor.m = row.m,
    tumor.diagnosedOn = row.incidenceOn, tumor.verification = 'confirmed',
    tumor.clinicalGroup = row.clinicalGroup, tumor.sequence = row.sequence,
    tumor.activeDetection = row.activeDetection, tumor.grade = row.grade,
    tumor.basis = row.basis, tumor.dco = row.basis = 0, tumor.firstVisitOn = row.firstVisitOn,
    tumor.morphologicallyVerified = row.morphologicallyVerified,
    tumor.source = $source
MERGE (p)-[:HAS_TUMOR]->(tumor)
MERGE (r)-[:CONCERNS]->(tumor)
FOREACH (oid IN CASE WHEN row.organisationOid IS NULL THEN [] ELSE [row.organisationOid] END |
  MERGE (o:Organization {oid: oid}) MERGE (r)-[:AT]->(o))
FOREACH (_ IN CASE WHEN row.removalReason IS NULL THEN [] ELSE [1] END |
  MERGE (e:Record {key: row.episodeKey})
  SET e.source = $source, e.resourceType = 'EpisodeOfCare', e.resourceId = row.tumourId,
      e.kind = 'dispensary-observation', e.dispensaryRegistration = true,
      e.careStage = 'dispensary', e.date = coalesce(row.firstVisitOn, row.incidenceOn),
      e.endDate = row.removedOn, e.removalReason = row.removalReason, e.oncoSign = true,
      e.retracted = false, e.placeholder = false, e.resource = row.raw
  MERGE (e)-[:SUBJECT]->(pr)
  MERGE (e)-[:CONCERNS]->(tumor))
