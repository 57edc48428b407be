// DCO tumours of these patients that no death record supports any more.
UNWIND $patientIds AS patientId
MATCH (p:Patient {patientId: patientId})-[:HAS_TUMOR]->(t:Tumor)
USING INDEX SEEK p:Patient(patientId)
WHERE t.dco = true AND t.derivedBy = 'registry' AND NOT t.tumorId IN $keepTumorIds
DETACH DELETE t
