// Everything the registry derives a tumour's entry from, per patient of the batch.
UNWIND $patientIds AS patientId
MATCH (p:Patient {patientId: patientId})-[:HAS_TUMOR]->(t:Tumor)
USING INDEX SEEK p:Patient(patientId)
CALL (p) {
  OPTIONAL MATCH (p)<-[:BELONGS_TO]-(pr:PatientRecord)
  RETURN max(pr.lastContactOn) AS registeredContactOn
}
CALL (p) {
  OPTIONAL MATCH (p)<-[:BELONGS_TO]-(:PatientRecord)<-[:SUBJECT]-(r:Record)
  WHERE coalesce(r.retracted, false) = false AND r.date IS NOT NULL
  RETURN max(r.date) AS lastRecordOn,
         min(CASE WHEN r.kind = 'death' THEN r.date END) AS deathRecordOn
}
RETURN p.patientId AS patientId, p.sex AS sex, p.birthDate AS birthDate,
       p.district AS district, p.deceasedOn AS deceasedOn, deathRecordOn,
       CASE WHEN registeredContactOn > lastRecordOn OR lastRecordOn IS NULL
            THEN registeredContactOn ELSE lastRecordOn END AS lastRecordOn,
       t {.*} AS tumor,
       [(r:Record)-[:CONCERNS]->(t) WHERE coalesce(r.retracted, false) = false
        | r {.key, .kind, .resourceType, .date, .endDate, .status, .activeDetection, .grade,
             .basis, .morphology, .removalReason, .relapse,
             organization: head([(r)-[:AT]->(o:Organization) | o.oid]),
             organizationName: head([(r)-[:AT]->(o:Organization) | o.name]),
             organizationDistrict: head([(r)-[:AT]->(o:Organization) | o.district])}]
       AS records
