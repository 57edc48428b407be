// For legacy patients: the person a PatientRecord already belongs to, else a person with
// the same valid СНИЛС from another source (deterministic link, graph-model.md §2).
UNWIND $rows AS row
OPTIONAL MATCH (:PatientRecord {key: row.key})-[:BELONGS_TO]->(linked:Patient)
OPTIONAL MATCH (same:PatientRecord {snils: row.snils})-[:BELONGS_TO]->(person:Patient)
WHERE same.key <> row.key
RETURN row.key AS key, head(collect(DISTINCT linked.patientId)) AS linkedId,
       head(collect(DISTINCT person.patientId)) AS snilsId
