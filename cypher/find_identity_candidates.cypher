// For each PatientRecord not yet linked to a person: the records that share one of its
// identifiers (deterministic candidates) and those born the same day (probabilistic
// candidates, scored in Python), with the person each belongs to. The index hints keep
// the plan a first ingest gets on an empty graph from scanning every PatientRecord later.
UNWIND $keys AS key
MATCH (pr:Record:PatientRecord {key: key})
USING INDEX pr:PatientRecord(key)
WHERE NOT (pr)-[:BELONGS_TO]->(:Patient)
  AND (pr.placeholder = false OR pr.snils IS NOT NULL)
CALL (pr) {
  OPTIONAL MATCH (pr)<-[:IDENTIFIES]-(i:Identifier)-[:IDENTIFIES]->(other:PatientRecord)
  WHERE other <> pr
  OPTIONAL MATCH (other)-[:BELONGS_TO]->(op:Patient)
  RETURN collect({key: other.key, patientId: op.patientId, system: i.system,
                  snils: other.snils, birthDate: other.birthDate, sex: other.sex,
                  patientSnils: [(op)<-[:BELONGS_TO]-(o:PatientRecord)
                                 WHERE o.snils IS NOT NULL | o.snils]}) AS sharing
}
CALL (pr) {
  OPTIONAL MATCH (candidate:PatientRecord {birthDate: pr.birthDate})
  USING INDEX candidate:PatientRecord(birthDate)
  WHERE candidate <> pr AND candidate.placeholder = false
  OPTIONAL MATCH (candidate)-[:BELONGS_TO]->(cp:Patient)
  RETURN collect({key: candidate.key, patientId: cp.patientId, nameKey: candidate.nameKey,
                  sex: candidate.sex, district: candidate.district, snils: candidate.snils,
                  patientSnils: [(cp)<-[:BELONGS_TO]-(o:PatientRecord)
                                 WHERE o.snils IS NOT NULL | o.snils]}) AS similar
}
OPTIONAL MATCH (pr)-[:NOT_SAME_AS]->(refused:Patient)
RETURN pr.key AS key, pr.snils AS snils, pr.nameKey AS nameKey, pr.sex AS sex,
       pr.birthDate AS birthDate,
       pr.district AS district, sharing, similar, collect(refused.patientId) AS refused
