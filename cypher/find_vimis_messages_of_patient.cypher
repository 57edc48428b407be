// What was sent to VIMIS for one patient and what came back, newest first. Row-level rule:
// a clinician sees the messages of their own organisation, a coordinator those of patients
// of their district (all when $district is null), an admin everything.
MATCH (p:Patient {patientId: $patientId})<-[:BELONGS_TO]-(:PatientRecord)
      <-[:SUBJECT]-(r:Record)-[:SENT_AS]->(m:VimisMessage)
USING INDEX SEEK p:Patient(patientId)
WHERE $role = 'admin'
   OR ($role = 'coordinator' AND ($district IS NULL OR p.district = $district))
   OR ($role = 'clinician' AND m.organizationOid = $organizationOid)
OPTIONAL MATCH (m)-[:REPLACES]->(previous:VimisMessage)
RETURN m {.messageId, .recordKey, .docType, .version, .state, .attempts, .lastError,
          .resultDescription, .organizationOid, .patientId, .duplicateResults,
          .conflictingResult, createdAt: toString(m.createdAt), sentAt: toString(m.sentAt),
          resultAt: toString(m.resultAt), replaces: previous.messageId,
          recordKind: r.kind, recordDate: toString(r.date)} AS message
ORDER BY m.createdAt DESC, m.messageId
LIMIT $limit
