// A person left without records (after a review merged them into another) disappears,
// with the derived nodes that hung on them. Returns who went, so that their registry
// entries can go too.
UNWIND $patientIds AS patientId
MATCH (p:Patient {patientId: patientId})
USING INDEX SEEK p:Patient(patientId)
WHERE NOT EXISTS { (p)<-[:BELONGS_TO]-(:PatientRecord) }
OPTIONAL MATCH (p)-[:HAS_TUMOR|HAS_DEADLINE|HAS_GAP]->(derived)
DETACH DELETE derived, p
RETURN DISTINCT patientId
