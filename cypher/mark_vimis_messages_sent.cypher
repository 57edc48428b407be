// VIMIS took the messages in. A result that already came back (callbacks can overtake the
// sendDocument answer) is final and stays.
UNWIND $rows AS row
MATCH (m:OutboxMessage:VimisMessage {messageId: row.messageId})
USING INDEX SEEK m:OutboxMessage(messageId)
SET m.leaseUntil = null
WITH m, row
WHERE m.state IN ['pending', 'sent']
SET m.state = 'sent', m.sentAt = coalesce(m.sentAt, datetime($now)),
    m.vimisMsgId = row.vimisMsgId, m.lastError = null,
    m.resultDueAt = datetime($now) + duration({milliseconds: $resultTimeoutMs})
