// What was sent to VIMIS for one patient and what came back, newest first.
MATCH (p:Patient {patientId: $patientId})<-[:BELONGS_TO]-(:PatientRecord)
      <-[:SUBJECT]-(r:Record)-[:SENT_AS]->(m:VimisMessage)
OPTIONAL MATCH (m)-[:REPLACES]->(previous:VimisMessage)
RETURN m {.messageId, .recordKey, .docType, .version, .state, .attempts, .lastError,
          .resultDescription, .organizationOid, .patientId, .duplicateResults,
          .conflictingResult, createdAt: toString(m.createdAt), sentAt: toString(m.sentAt),
          resultAt: toString(m.resultAt), replaces: previous.messageId} AS message
ORDER BY m.createdAt DESC, m.messageId
LIMIT $limit
