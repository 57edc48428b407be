// Create the notifications of $rows once (MERGE on the stable notificationId: a rebuild
// never duplicates one nor resets its read marks) and, with each new one, its webhook
// OutboxMessage, so that delivery survives a restart of the process.
// row: {notificationId, patientId, organizationOids, props: {...}, payload: json text}
UNWIND $rows AS row
MATCH (p:Patient {patientId: row.patientId})
USING INDEX SEEK p:Patient(patientId)
MERGE (n:Notification {notificationId: row.notificationId})
ON CREATE SET n += row.props, n.readBy = [], n.createdAt = datetime(), n.new = true
ON MATCH SET n.new = false
MERGE (p)-[:HAS_NOTIFICATION]->(n)
WITH n, row
CALL (n, row) {
  UNWIND row.organizationOids AS oid
  MATCH (o:Organization {oid: oid})
  USING INDEX SEEK o:Organization(oid)
  MERGE (n)-[:FOR_ORGANIZATION]->(o)
}
CALL (n, row) {
  WITH n, row WHERE n.new
  MERGE (m:OutboxMessage {messageId: row.notificationId})
  ON CREATE SET m.topic = 'notification', m.payload = row.payload, m.status = 'pending',
                m.attempts = 0, m.createdAt = datetime(), m.nextAttemptAt = datetime()
}
REMOVE n.new
RETURN count(n) AS notifications
