// The entry as one tab-separated line (columns of registry/table.py COLUMNS), stored on
// the node so that reading a whole region is one property per entry: packing 34 values
// per row at read time costs the server and the Python driver far more.
UNWIND $tumorIds AS tumorId
MATCH (e:RegistryEntry {tumorId: tumorId})
USING INDEX SEEK e:RegistryEntry(tumorId)
SET e.row = reduce(line = e.tumorId, value IN [
         e.patientId, e.sex, toString(e.birthDate), e.district,
         toString(e.firstVisitOn), toString(e.diagnosedOn), toString(e.sequence), e.icd10,
         e.topography, e.morphology, toString(e.behaviour), toString(e.grade), e.t, e.n, e.m,
         e.stage, toString(e.basis), toString(e.dco), toString(e.activeDetection),
         e.clinicalGroup,
         reduce(kinds = '', kind IN coalesce(e.treatment, []) |
                kinds + CASE WHEN kinds = '' THEN '' ELSE ',' END + kind),
         e.vitalStatus, toString(e.deathOn), toString(e.lastContactOn),
         toString(e.registeredOn), toString(e.removedOn), e.removalReason,
         toString(e.onRegister), e.organizationOid, e.organizationName,
         e.organizationDistrict, toString(e.reportedOn), toString(e.reportingDelayDays)] |
       line + '\t' + replace(replace(coalesce(value, ''), '\t', ' '), '\n', ' '))
