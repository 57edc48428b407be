// Registry entries of one batch, with their status periods replaced as a whole.
UNWIND $rows AS row
MATCH (t:Tumor {tumorId: row.entry.tumorId})
USING INDEX SEEK t:Tumor(tumorId)
MERGE (e:RegistryEntry {tumorId: row.entry.tumorId})
SET e = row.entry, e.rebuiltOn = $today
MERGE (e)-[:OF_TUMOR]->(t)
WITH e, row
OPTIONAL MATCH (e)-[:HAD_STATUS]->(old:RegistryStatus)
DETACH DELETE old
WITH DISTINCT e, row
UNWIND row.statuses AS status
CREATE (s:RegistryStatus)
SET s = status
CREATE (e)-[:HAD_STATUS]->(s)
