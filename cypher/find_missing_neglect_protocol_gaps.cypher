// Gap: a neglected case (stage IV, or stage III of a visually accessible site) whose
// 027-2/у protocol is overdue. Whether a case is neglected is decided once, by the deadline
// engine (domain.codes.is_neglected), so this reads its missed open deadline.
UNWIND $patientIds AS patientId
MATCH (p:Patient:Passport {patientId: patientId})-[:HAS_DEADLINE]->(d)
USING INDEX SEEK p:Patient(patientId)  // anchor on the patient, whatever the counts
WHERE d.rule = 'neglected-case-protocol' AND d.state = 'missed' AND d.stoppedOn IS NULL
RETURN p.patientId AS patientId, d.startedOn AS since, d.startKey AS anchorKey,
       d.rule AS rule, d.dueOn AS dueOn, null AS detail,
       [(d)-[:STARTED_BY]->(:Record)-[:AT]->(o:Organization) | o.oid][0] AS organizationOid
