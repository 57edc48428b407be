// A sendResult (or a synchronous refusal). The first final status wins; a repeat is counted,
// an interim status never demotes a final one, a contradicting one is kept for review.
MATCH (m:OutboxMessage:VimisMessage {messageId: $messageId})
USING INDEX SEEK m:OutboxMessage(messageId)
// Write first to hold the node's lock: two callbacks of the same message running at once
// must not both read it as unanswered and both count as the first result.
SET m.resultLock = true
WITH m
WITH m, m.state IN ['accepted', 'rejected'] AS wasFinal, m.state AS before
SET m.leaseUntil = CASE WHEN $final THEN null ELSE m.leaseUntil END,
    m.state = CASE WHEN wasFinal OR NOT $final THEN
                (CASE WHEN NOT wasFinal AND m.state = 'pending' THEN 'sent' ELSE m.state END)
              ELSE $status END,
    m.resultCount = m.resultCount + CASE WHEN $final AND NOT wasFinal THEN 1 ELSE 0 END,
    m.duplicateResults = m.duplicateResults
      + CASE WHEN $final AND wasFinal AND before = $status THEN 1 ELSE 0 END,
    m.conflictingResult = CASE WHEN $final AND wasFinal AND before <> $status
                          THEN $status + ': ' + coalesce($description, '')
                          ELSE m.conflictingResult END,
    m.resultAt = CASE WHEN $final AND NOT wasFinal THEN datetime($now) ELSE m.resultAt END,
    m.resultDescription = CASE WHEN $final AND NOT wasFinal THEN $description
                          ELSE m.resultDescription END,
    m.sentAt = coalesce(m.sentAt, datetime($now)),
    m.resultLock = null
RETURN before, m.state AS state, wasFinal
