// Gap: a new cancer whose 090/у notification is overdue (one per new primary site, as the
// deadline engine counts them).
UNWIND $patientIds AS patientId
MATCH (p:Patient:Passport {patientId: patientId})-[:HAS_DEADLINE]->(d)
USING INDEX SEEK p:Patient(patientId)  // anchor on the patient, whatever the counts
WHERE d.rule = 'notification-090' AND d.state = 'missed' AND d.stoppedOn IS NULL
RETURN p.patientId AS patientId, d.startedOn AS since, d.startKey AS anchorKey,
       d.rule AS rule, d.dueOn AS dueOn, null AS detail,
       [(d)-[:STARTED_BY]->(:Record)-[:AT]->(o:Organization) | o.oid][0] AS organizationOid
