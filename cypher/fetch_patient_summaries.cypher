// Names and demographics of the patients behind an indicator (drill-down), by id, only
// those the caller may see: admins all; coordinators their district (all when none);
// clinicians the patients with a record at their organisation; analysts none.
UNWIND $patientIds AS patientId
MATCH (p:Passport {patientId: patientId})
WHERE $role = 'admin'
   OR ($role = 'coordinator' AND ($district IS NULL OR p.district = $district))
   OR ($role = 'clinician' AND EXISTS {
        MATCH (p)<-[:BELONGS_TO]-(:PatientRecord)<-[:SUBJECT]-(:Record)
              -[:AT]->(:Organization {oid: $organizationOid})
      })
RETURN p.patientId AS patientId, p.family AS family, p.given AS given,
       p.patronymic AS patronymic, p.sex AS sex, p.birthDate AS birthDate,
       p.district AS district, p.deceasedOn AS deceasedOn
ORDER BY p.family, p.given, p.patientId
