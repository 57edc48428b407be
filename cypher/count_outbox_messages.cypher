// Outbox messages by status (for monitoring and tests).
MATCH (m:OutboxMessage)
RETURN m.status AS status, count(*) AS messages
ORDER BY status
