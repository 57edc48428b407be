// Patients the registry covers: those with a tumour or a death record with a cancer cause.
CALL () {
  MATCH (p:Patient)-[:HAS_TUMOR]->(:Tumor)
  RETURN p.patientId AS patientId
  UNION
  MATCH (p:Patient)<-[:BELONGS_TO]-(:PatientRecord)<-[:SUBJECT]-(d:Record {kind: 'death'})
  WHERE d.icd10 STARTS WITH 'C'
  RETURN p.patientId AS patientId
}
RETURN DISTINCT patientId ORDER BY patientId
