// DCO tumours of these patients that no death record supports any more.
UNWIND $patientIds AS patientId
MATCH (:Patient {patientId: patientId})-[:HAS_TUMOR]->(t:Tumor {dco: true, derivedBy: 'registry'})
WHERE NOT t.tumorId IN $keepTumorIds
DETACH DELETE t
