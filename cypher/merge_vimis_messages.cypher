// Queue VIMIS messages: one per (record, content version). MERGE on the id makes a second
// run with the same content a no-op; a new version points at the one it replaces.
UNWIND $rows AS row
MATCH (r:Record {key: row.recordKey})
USING INDEX SEEK r:Record(key)
MERGE (m:OutboxMessage:VimisMessage {messageId: row.messageId})
  ON CREATE SET m += row.properties,
                m.state = 'pending', m.attempts = 0, m.resultCount = 0,
                m.duplicateResults = 0, m.createdAt = datetime($now),
                m.nextAttemptAt = datetime($now)
MERGE (r)-[:SENT_AS]->(m)
WITH m, row
OPTIONAL MATCH (previous:OutboxMessage:VimisMessage {messageId: row.replaces})
USING INDEX SEEK previous:OutboxMessage(messageId)
FOREACH (_ IN CASE WHEN previous IS NULL THEN [] ELSE [1] END |
  MERGE (m)-[:REPLACES]->(previous))
