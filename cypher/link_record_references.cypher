// Any other FHIR reference: (:Record)-[:REFERS {path}]->(:Record). A target that has not
// arrived is a placeholder record; a reference by identifier points at the :Identifier
// (follow IDENTIFIES from there).
UNWIND $rows AS row
MATCH (r:Record {key: row.key})
USING INDEX SEEK r:Record(key)
CALL (row, r) {
  WITH row, r WHERE row.targetKey IS NOT NULL
  MERGE (target:Record {key: row.targetKey})
    ON CREATE SET target.placeholder = true, target.resourceType = row.targetType,
                  target.retracted = false
  MERGE (r)-[:REFERS {path: row.path}]->(target)
}
CALL (row, r) {
  WITH row, r WHERE row.targetKey IS NULL
  MERGE (i:Identifier {system: row.system, value: row.value})
  MERGE (r)-[:REFERS {path: row.path}]->(i)
}
