// Legacy registry patients: PatientRecord of source legacy-registry, its person (a
// :Passport, known demographics kept), and a death record when a death is known.
UNWIND $rows AS row
MERGE (p:Patient {patientId: row.personId})
SET p:Passport,
    p.passportSince = CASE WHEN p.passportSince IS NULL OR p.passportSince > row.firstTriggerOn
                           THEN row.firstTriggerOn ELSE p.passportSince END,
    p.family = coalesce(p.family, row.family), p.given = coalesce(p.given, row.given),
    p.patronymic = coalesce(p.patronymic, row.patronymic),
    p.birthDate = coalesce(p.birthDate, row.birthDate),
    p.sex = CASE WHEN p.sex IS NULL OR p.sex = 'unknown' THEN row.sex ELSE p.sex END,
    p.district = coalesce(p.district, row.district), p.snils = coalesce(p.snils, row.snils),
    p.deceasedOn = coalesce(p.deceasedOn, row.deceasedOn)
MERGE (pr:Record:PatientRecord {key: row.key})
SET pr.source = $source, pr.resourceType = 'Patient', pr.resourceId = row.patientId,
    pr.kind = 'patient', pr.family = row.family, pr.given = row.given,
    pr.patronymic = row.patronymic, pr.nameKey = row.nameKey, pr.birthDate = row.birthDate,
    pr.sex = row.sex, pr.district = row.district, pr.snils = row.snils,
    pr.deceasedOn = row.deceasedOn, pr.lastContactOn = row.lastContactOn,
    pr.retracted = false, pr.placeholder = false, pr.resource = row.raw
MERGE (pr)-[link:BELONGS_TO]->(p)
ON CREATE SET link.reason = row.linkReason, link.score = 1.0, link.linkedAt = $receivedAt,
              link.linkedBy = $source
FOREACH (name IN CASE WHEN row.district IS NULL THEN [] ELSE [row.district] END |
  MERGE (d:District {name: name}) MERGE (p)-[:LIVES_IN]->(d))
FOREACH (_ IN CASE WHEN row.deceasedOn IS NULL THEN [] ELSE [1] END |
  MERGE (death:Record {key: row.deathKey})
  SET death.source = $source, death.resourceType = 'DocumentReference',
      death.resourceId = row.patientId, death.kind = 'death', death.careStage = 'death',
      death.vimisDocType = 13, death.date = row.deceasedOn, death.icd10 = row.deathCause,
      death.oncoSign = row.deathCause STARTS WITH 'C', death.retracted = false,
      death.placeholder = false, death.resource = row.raw
  MERGE (death)-[:SUBJECT]->(pr))
