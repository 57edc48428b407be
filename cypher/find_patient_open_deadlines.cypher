// The open (not stopped) deadlines of one patient, soonest due first.
MATCH (p:Patient {patientId: $patientId})-[:HAS_DEADLINE]->(d:Deadline)
USING INDEX SEEK p:Patient(patientId)
WHERE d.stoppedOn IS NULL AND d.state IN ['pending', 'due-soon', 'missed']
RETURN d.rule AS rule, d.state AS state, d.dueOn AS dueOn, d.titleRu AS titleRu
ORDER BY d.dueOn
