// The passport, if the principal may see it (the row-level rule of find_patient_route):
// admins all, coordinators their district (or all when bound to none), clinicians the
// patients with a (not retracted) record at or referred to their organisation, the
// passport's own rule (get_passport.cypher); analysts none.
MATCH (p:Patient:Passport {patientId: $patientId})
USING INDEX SEEK p:Patient(patientId)
WHERE $role = 'admin'
   OR ($role = 'coordinator' AND ($district IS NULL OR p.district = $district))
   OR ($role = 'clinician' AND EXISTS {
         MATCH (p)<-[:BELONGS_TO]-(:PatientRecord)<-[:SUBJECT]-(v:Record)
           -[:AT|REFERRED_TO]->(:Organization {oid: $organizationOid})
         WHERE NOT coalesce(v.retracted, false) })
RETURN p.patientId AS patientId
