// Entries of these patients whose tumour is gone (or no longer theirs).
UNWIND $patientIds AS patientId
MATCH (e:RegistryEntry {patientId: patientId})
WHERE NOT e.tumorId IN $keepTumorIds
OPTIONAL MATCH (e)-[:HAD_STATUS]->(s:RegistryStatus)
DETACH DELETE e, s
