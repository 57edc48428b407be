// Per person: demographics from their records (newest first), and the :Passport label
// when at least one record carries an oncology trigger (domain.md §5).
UNWIND $patientIds AS patientId
MATCH (p:Patient {patientId: patientId})
USING INDEX SEEK p:Patient(patientId)
WITH p, p:Passport AS wasPassport
CALL (p) {
  OPTIONAL MATCH (p)<-[:BELONGS_TO]-(pr:PatientRecord)
  WHERE pr.placeholder = false AND pr.retracted = false
  WITH pr ORDER BY pr.rank DESC
  RETURN collect(pr) AS records
}
// One walk over the person's records for their triggers and their death. `r` carries no
// label (SUBJECT always starts at a :Record): with one, the planner may start from the
// Record(kind, date) index and join every death record of the region to each person.
CALL (p) {
  OPTIONAL MATCH (p)<-[:BELONGS_TO]-(:PatientRecord)<-[:SUBJECT]-(r)
  WHERE r.retracted = false
  WITH r, r.oncoSign = true OR EXISTS {
    (r)-[:REFERRED_TO]->(o:Organization) WHERE o.kind IN ['caop', 'pok', 'oncology-dispensary']
  } AS trigger
  RETURN count(CASE WHEN trigger THEN 1 END) AS triggers,
         min(CASE WHEN trigger THEN r.date END) AS firstTrigger,
         min(CASE WHEN r.kind = 'death' THEN r.date END) AS deathRecordedOn
}
// The day of death: the earlier of the MIS's (deceasedDateTime) and the first death
// record's — a certificate often reaches the graph before, or without, the MIS knowing of
// it (PatientFacts.died_on and registry/entry.py read it the same way). An MIS date of a
// year or a month only is its first day: a certificate within that year or month gives
// the day, and deceasedPrecision says when nothing does.
WITH p, wasPassport, records, triggers, firstTrigger, deathRecordedOn,
     head([x IN records WHERE x.deceasedOn IS NOT NULL]) AS misDeath
WITH p, wasPassport, records, triggers, firstTrigger, deathRecordedOn,
     misDeath.deceasedOn AS deceasedOn, misDeath.deceasedPrecision AS precision
WITH p, wasPassport, records, triggers, firstTrigger, deathRecordedOn, deceasedOn, precision,
     deceasedOn IS NULL OR deathRecordedOn < deceasedOn
       OR (precision = 'year' AND deathRecordedOn.year = deceasedOn.year)
       OR (precision = 'month' AND deathRecordedOn.year = deceasedOn.year
           AND deathRecordedOn.month = deceasedOn.month)
       AS certificateSaysTheDay
SET p.family = head([x IN records WHERE x.family IS NOT NULL | x.family]),
    p.given = head([x IN records WHERE x.given IS NOT NULL | x.given]),
    p.patronymic = head([x IN records WHERE x.patronymic IS NOT NULL | x.patronymic]),
    p.sex = coalesce(head([x IN records WHERE x.sex IN ['male', 'female'] | x.sex]), 'unknown'),
    p.birthDate = head([x IN records WHERE x.birthDate IS NOT NULL | x.birthDate]),
    p.district = head([x IN records WHERE x.district IS NOT NULL | x.district]),
    p.snils = head([x IN records WHERE x.snils IS NOT NULL | x.snils]),
    p.enp = head([x IN records WHERE x.enp IS NOT NULL | x.enp]),
    p.deceasedOn = CASE WHEN certificateSaysTheDay THEN deathRecordedOn ELSE deceasedOn END,
    p.deceasedPrecision = CASE WHEN certificateSaysTheDay THEN null ELSE precision END,
    p.recordCount = size(records)
WITH p, wasPassport, triggers, firstTrigger
CALL (p) {
  OPTIONAL MATCH (p)-[old:LIVES_IN]->(:District)
  DELETE old
}
CALL (p) {
  WITH p WHERE p.district IS NOT NULL
  MERGE (d:District {name: p.district})
  MERGE (p)-[:LIVES_IN]->(d)
}
CALL (p, triggers, firstTrigger) {
  WITH p, triggers, firstTrigger WHERE triggers > 0
  SET p:Passport, p.passportSince = firstTrigger
}
CALL (p, triggers) {
  WITH p, triggers WHERE triggers = 0
  REMOVE p:Passport
  SET p.passportSince = null
}
RETURN p.patientId AS patientId, p:Passport AS passport, wasPassport
