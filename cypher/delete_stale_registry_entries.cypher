// Entries of these patients whose tumour is gone, no longer theirs, or no longer a case of
// the register (registry/entry.py is_registered_case: a suspicion that was never diagnosed).
UNWIND $patientIds AS patientId
MATCH (e:RegistryEntry {patientId: patientId})
WHERE NOT e.tumorId IN $keepTumorIds
OPTIONAL MATCH (e)-[:HAD_STATUS]->(s:RegistryStatus)
DETACH DELETE e, s
