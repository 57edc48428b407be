// Claim up to $limit webhook messages that are due: pending ones whose next attempt time
// has come, and ones a crashed worker claimed before $leaseExpiredBefore. The claim is a
// write, so two workers never send the same message at once.
MATCH (m:OutboxMessage)
WHERE (m.status = 'pending' AND m.nextAttemptAt <= $now)
   OR (m.status = 'sending' AND m.claimedAt < $leaseExpiredBefore)
WITH m ORDER BY m.nextAttemptAt LIMIT $limit
SET m.status = 'sending', m.claimedAt = $now, m.claimedBy = $worker
RETURN m.messageId AS messageId, m.payload AS payload, m.attempts AS attempts,
       m.topic AS topic
