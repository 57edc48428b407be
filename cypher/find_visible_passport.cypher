// The passport, if the principal may see it (the row-level rule of find_patient_route):
// admins all, coordinators their district (or all when bound to none), clinicians the
// patients with a record at their organisation; analysts none.
MATCH (p:Patient:Passport {patientId: $patientId})
USING INDEX p:Patient(patientId)
WHERE $role = 'admin'
   OR ($role = 'coordinator' AND ($district IS NULL OR p.district = $district))
   OR ($role = 'clinician' AND EXISTS {
         (p)<-[:BELONGS_TO]-(:PatientRecord)<-[:SUBJECT]-(:Record)-[:AT]->
           (:Organization {oid: $organizationOid}) })
RETURN p.patientId AS patientId
