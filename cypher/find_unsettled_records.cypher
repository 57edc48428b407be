// Records an earlier ingest stored but did not finish: still `settling` because it stopped
// (a kill, a lost connection) before their identity linking and refresh. Each with the
// PatientRecord whose person it concerns: itself, or its subject.
MATCH (r:Record)
WHERE r.settling = true
OPTIONAL MATCH (r)-[:SUBJECT]->(subject)
RETURN r.key AS key,
       CASE WHEN r:PatientRecord THEN r.key ELSE subject.key END AS patientRecordKey
