// One patient's route in order, if the principal may see the patient (scope parameters).
MATCH (p:Patient:Passport {patientId: $patientId})
USING INDEX SEEK p:Patient(patientId)  // anchor on the patient, whatever the counts
WHERE $role = 'admin'
   OR ($role = 'coordinator' AND ($district IS NULL OR p.district = $district))
   OR ($role = 'clinician' AND EXISTS {
         MATCH (p)<-[:BELONGS_TO]-(:PatientRecord)<-[:SUBJECT]-(v:Record)
           -[:AT|REFERRED_TO]->(:Organization {oid: $organizationOid})
         WHERE NOT coalesce(v.retracted, false) })
MATCH (p)<-[:BELONGS_TO]-(:PatientRecord)<-[:SUBJECT]-(e WHERE e.routeIndex IS NOT NULL)
OPTIONAL MATCH (e)-[n:NEXT]->()
RETURN e.key AS key, e.kind AS kind, e.date AS date, e.careStage AS careStage,
       e.icd10 AS icd10, e.stage AS stage, e.routeIndex AS position,
       n.days AS daysToNext, n.workingDays AS workingDaysToNext,
       // where it happened, or for a referral naming no place, where it was issued
       ([(e)-[:AT]->(o:Organization) | o {.oid, .name, .kind}]
        + [(e)-[:ISSUED_BY]->(o:Organization) | o {.oid, .name, .kind}])[0] AS organization
ORDER BY e.routeIndex
