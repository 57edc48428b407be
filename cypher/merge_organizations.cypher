// Organization resources → (:Organization {oid}) with district, described by their record.
UNWIND $rows AS row
MATCH (r:Record {key: row.key})
USING INDEX SEEK r:Record(key)
MERGE (o:Organization {oid: row.oid})
SET o.name = coalesce(row.name, o.name), o.kind = coalesce(row.kind, o.kind),
    o.district = coalesce(row.district, o.district)
MERGE (r)-[:DESCRIBES]->(o)
WITH o, row
WHERE row.district IS NOT NULL
MERGE (d:District {name: row.district})
MERGE (o)-[:IN_DISTRICT]->(d)
