// One audit entry for a look at (or a recomputation of) a patient's pathway — route,
// deadlines, routing advice, refresh — and whether the principal may see the patient, by
// the passport's row-level rule (find_visible_passport.cypher): admins all, coordinators
// their district (all when bound to none), clinicians the patients with a (not retracted)
// record at or referred to their organisation; analysts none. Refused looks are recorded
// too, so that probing for other districts' patients shows in the log.
OPTIONAL MATCH (p:Patient:Passport {patientId: $patientId})
USING INDEX SEEK p:Patient(patientId)
WITH p IS NOT NULL AND (
       $role = 'admin'
       OR ($role = 'coordinator' AND ($district IS NULL OR p.district = $district))
       OR ($role = 'clinician' AND EXISTS {
             MATCH (p)<-[:BELONGS_TO]-(:PatientRecord)<-[:SUBJECT]-(v:Record)
               -[:AT|REFERRED_TO]->(:Organization {oid: $organizationOid})
             WHERE NOT coalesce(v.retracted, false) })
     ) AS visible
CREATE (a:AuditEntry {entryId: randomUUID(), userId: $userId, at: datetime(), action: $action,
                      patientId: $patientId, clientAddress: $clientAddress, detail: $detail,
                      outcome: CASE WHEN visible THEN 'shown' ELSE 'refused' END})
RETURN visible
