// Link PatientRecords to their person, keeping the reason and score of each link.
UNWIND $rows AS row
MATCH (pr:Record:PatientRecord {key: row.key})
USING INDEX SEEK pr:Record(key)
MERGE (p:Patient {patientId: row.patientId})
MERGE (pr)-[link:BELONGS_TO]->(p)
  ON CREATE SET link.reason = row.reason, link.score = row.score, link.linkedBy = row.linkedBy,
                link.linkedAt = datetime()
