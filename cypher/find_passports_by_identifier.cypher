// The passports (FHIR `GET /fhir/Patient?identifier=…`) whose person has a PatientRecord
// carrying one of the СНИЛС values $snils (11 digits, as ingest keeps them on
// PatientRecord.snils) or ЕНП values $enp (of the system $enpSystem, found through the
// (:Identifier) node ingest draws to the record), or whose patientId is in $patientIds;
// retracted PatientRecords identify no one. Same row-level rule as the passport
// (get_passport_cores.cypher); the caller refuses analysts before asking.
CALL () {
  UNWIND $snils AS snils
  MATCH (pr:PatientRecord {snils: snils})
  USING INDEX SEEK pr:PatientRecord(snils)
  WHERE NOT coalesce(pr.retracted, false)
  MATCH (pr)-[:BELONGS_TO]->(p:Passport)
  RETURN p
UNION
  UNWIND $enp AS enp
  MATCH (i:Identifier {system: $enpSystem, value: enp})
  USING INDEX SEEK i:Identifier(system, value)
  MATCH (i)-[:IDENTIFIES]->(pr:PatientRecord)-[:BELONGS_TO]->(p:Passport)
  WHERE NOT coalesce(pr.retracted, false)
  RETURN p
UNION
  UNWIND $patientIds AS patientId
  MATCH (p:Patient:Passport {patientId: patientId})
  USING INDEX SEEK p:Patient(patientId)
  RETURN p
}
WITH p
WHERE $role = 'admin'
   OR ($role = 'coordinator' AND ($district IS NULL OR p.district = $district))
   OR ($role = 'clinician' AND EXISTS {
         MATCH (p)<-[:BELONGS_TO]-(:PatientRecord)<-[:SUBJECT]-(v:Record)
               -[:AT|REFERRED_TO]->(:Organization {oid: $organizationOid})
         WHERE NOT coalesce(v.retracted, false) })
WITH p.patientId AS patientId
ORDER BY patientId
// One page ($offset, $count) in a stable order, and how many match in all (Bundle.total).
WITH collect(patientId) AS patientIds
RETURN size(patientIds) AS total, patientIds[$offset..$offset + $count] AS patientIds
