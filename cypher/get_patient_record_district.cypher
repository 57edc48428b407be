// The district of the person a PatientRecord belongs to (for the operator's scope).
MATCH (pr:PatientRecord {key: $key})
OPTIONAL MATCH (pr)-[:BELONGS_TO]->(p:Patient)
RETURN coalesce(p.district, pr.district) AS district
