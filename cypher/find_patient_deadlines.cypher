// One patient's deadlines (scope as in find_patient_route), most urgent states first.
MATCH (p:Patient:Passport {patientId: $patientId})-[:HAS_DEADLINE]->(d:Deadline)
USING INDEX SEEK p:Patient(patientId)  // anchor on the patient, whatever the counts
WHERE $role = 'admin'
   OR ($role = 'coordinator' AND ($district IS NULL OR p.district = $district))
   OR ($role = 'clinician' AND EXISTS {
         MATCH (p)<-[:BELONGS_TO]-(:PatientRecord)<-[:SUBJECT]-(v:Record)
           -[:AT|REFERRED_TO]->(:Organization {oid: $organizationOid})
         WHERE NOT coalesce(v.retracted, false) })
RETURN d {.deadlineId, .rule, .titleRu, .state, .startedOn, .dueOn, .stoppedOn,
          .daysOver} AS deadline
ORDER BY CASE d.state WHEN 'missed' THEN 0 WHEN 'due-soon' THEN 1 WHEN 'pending' THEN 2
         ELSE 3 END, d.dueOn
