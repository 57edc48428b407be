// Names and demographics of the patients behind an indicator (drill-down), by id, only
// those the caller may see: admins all; coordinators their district (all when none);
// clinicians the patients with a (not retracted) record at or referred to their organisation
// (the passport's rule, get_passport.cypher); analysts none.
UNWIND $patientIds AS patientId
MATCH (p:Passport {patientId: patientId})
WHERE $role = 'admin'
   OR ($role = 'coordinator' AND ($district IS NULL OR p.district = $district))
   OR ($role = 'clinician' AND EXISTS {
        MATCH (p)<-[:BELONGS_TO]-(:PatientRecord)<-[:SUBJECT]-(v:Record)
              -[:AT|REFERRED_TO]->(:Organization {oid: $organizationOid})
        WHERE NOT coalesce(v.retracted, false)
      })
RETURN p.patientId AS patientId, p.family AS family, p.given AS given,
       p.patronymic AS patronymic, p.sex AS sex, p.birthDate AS birthDate,
       p.district AS district, p.deceasedOn AS deceasedOn
ORDER BY p.family, p.given, p.patientId
