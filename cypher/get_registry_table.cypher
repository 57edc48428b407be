// Registry entries as flat columns (dates as ISO text, read fast into pandas), optionally
// on the register at a date, of a district, an organisation or a diagnosis period.
MATCH (e:RegistryEntry)
WHERE ($district IS NULL OR e.district = $district)
  AND ($organizationOid IS NULL OR e.organizationOid = $organizationOid)
  AND ($diagnosedFrom IS NULL OR e.diagnosedOn >= $diagnosedFrom)
  AND ($diagnosedTo IS NULL OR e.diagnosedOn <= $diagnosedTo)
  AND ($tumorIds IS NULL OR e.tumorId IN $tumorIds)
  AND ($onRegisterAt IS NULL OR EXISTS {
        MATCH (e)-[:HAD_STATUS]->(s:RegistryStatus {status: 'on-register'})
        WHERE s.since <= $onRegisterAt AND (s.until IS NULL OR s.until > $onRegisterAt) })
RETURN e.tumorId AS tumorId, e.patientId AS patientId, e.sex AS sex,
       toString(e.birthDate) AS birthDate, e.district AS district,
       toString(e.firstVisitOn) AS firstVisitOn, toString(e.diagnosedOn) AS diagnosedOn,
       e.sequence AS sequence, e.icd10 AS icd10, e.topography AS topography,
       e.morphology AS morphology, e.behaviour AS behaviour, e.grade AS grade, e.t AS t,
       e.n AS n, e.m AS m, e.stage AS stage, e.basis AS basis, e.dco AS dco,
       e.activeDetection AS activeDetection, e.clinicalGroup AS clinicalGroup,
       e.treatment AS treatment, e.vitalStatus AS vitalStatus, toString(e.deathOn) AS deathOn,
       toString(e.lastContactOn) AS lastContactOn, toString(e.registeredOn) AS registeredOn,
       toString(e.removedOn) AS removedOn, e.removalReason AS removalReason,
       e.onRegister AS onRegister, e.organizationOid AS organizationOid,
       e.organizationName AS organizationName,
       e.organizationDistrict AS organizationDistrict, toString(e.reportedOn) AS reportedOn,
       e.reportingDelayDays AS reportingDelayDays
ORDER BY e.tumorId
