// The transport failed (timeout, 5xx, refused): try again later, with exponential backoff
// capped at $capMs, so a struggling VIMIS is not hammered.
UNWIND $rows AS row
MATCH (m:OutboxMessage:VimisMessage {messageId: row.messageId})
USING INDEX SEEK m:OutboxMessage(messageId)
SET m.leaseUntil = null
WITH m, row
WHERE m.state IN ['pending', 'sent']
SET m.state = 'pending', m.lastError = row.error,
    m.nextAttemptAt = datetime($now) + duration({milliseconds:
      toInteger(CASE WHEN $baseMs * 2.0 ^ (m.attempts - 1) > $capMs THEN $capMs
                     ELSE $baseMs * 2.0 ^ (m.attempts - 1) END)})
