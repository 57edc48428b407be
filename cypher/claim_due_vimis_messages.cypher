// Take a lease on messages that are due: pending ones whose next attempt has come, and
// sent ones whose result never arrived (resent; VIMIS deduplicates by message id).
MATCH (m:VimisMessage)
WHERE m.state IN ['pending', 'sent']
  AND CASE m.state WHEN 'pending' THEN m.nextAttemptAt ELSE m.resultDueAt END
      <= datetime($now)
  AND (m.leaseUntil IS NULL OR m.leaseUntil <= datetime($now))
WITH m ORDER BY m.nextAttemptAt, m.messageId LIMIT $limit
// Lock, then look again: a rival sender that leased the message meanwhile keeps it.
SET m.claimLock = true
REMOVE m.claimLock
WITH m
WHERE m.leaseUntil IS NULL OR m.leaseUntil <= datetime($now)
SET m.leaseUntil = datetime($now) + duration({milliseconds: $leaseMs}),
    m.attempts = m.attempts + 1, m.lastAttemptAt = datetime($now)
RETURN m.messageId AS messageId, m.docType AS docType, m.docTypeVersion AS docTypeVersion,
       m.triggerPoint AS triggerPoint, m.vmcl AS vmcl, m.organizationOid AS organizationOid,
       m.document AS document, m.attempts AS attempts
