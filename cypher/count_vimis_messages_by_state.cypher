// The whole VIMIS outbox by state, with retry and callback anomalies.
MATCH (m:VimisMessage)
RETURN m.state AS state, count(*) AS messages, sum(m.attempts) AS attempts,
       sum(m.duplicateResults) AS duplicateResults,
       count(m.conflictingResult) AS conflictingResults
ORDER BY state
