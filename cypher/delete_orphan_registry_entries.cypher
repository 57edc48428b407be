// Entries whose tumour was deleted by another step (a full rebuild sweeps them).
MATCH (e:RegistryEntry)
WHERE NOT (e)-[:OF_TUMOR]->(:Tumor)
OPTIONAL MATCH (e)-[:HAD_STATUS]->(s:RegistryStatus)
DETACH DELETE e, s
