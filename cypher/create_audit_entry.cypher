// One audit entry (who, when, what, which patient, from where). The API only ever creates
// these: no query, endpoint or mutation updates or deletes an AuditEntry.
CREATE (a:AuditEntry {entryId: randomUUID(), userId: $userId, at: datetime(), action: $action,
                      patientId: $patientId, clientAddress: $clientAddress,
                      detail: $detail, outcome: $outcome})
RETURN a.entryId AS entryId
