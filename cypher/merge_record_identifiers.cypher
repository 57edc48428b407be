// (:Identifier {system, value})-[:IDENTIFIES]->(:Record) for every identifier a record carries.
UNWIND $rows AS row
MATCH (r:Record {key: row.key})
USING INDEX SEEK r:Record(key)
MERGE (i:Identifier {system: row.system, value: row.value})
MERGE (i)-[:IDENTIFIES]->(r)
