// Record delivery attempts: delivered, retry later (pending with a new nextAttemptAt) or
// dead after the last attempt. row: {messageId, status, nextAttemptAt, error}
UNWIND $rows AS row
MATCH (m:OutboxMessage {messageId: row.messageId})
USING INDEX SEEK m:OutboxMessage(messageId)
SET m.status = row.status, m.attempts = m.attempts + 1, m.lastAttemptAt = $now,
    m.nextAttemptAt = coalesce(row.nextAttemptAt, m.nextAttemptAt), m.lastError = row.error,
    m.deliveredAt = CASE WHEN row.status = 'delivered' THEN $now ELSE m.deliveredAt END
REMOVE m.claimedAt, m.claimedBy
