// When Organization resources arrive, the records that referred to them earlier get
// their AT / ISSUED_BY / REFERRED_TO / ATTACHED_TO edges, and capabilities their CAN edge.
UNWIND $keys AS key
MATCH (target:Record {key: key})-[:DESCRIBES]->(o:Organization)
USING INDEX SEEK target:Record(key)
MATCH (r:Record)-[ref:REFERS]->(target)
WHERE ref.organizationRole IS NOT NULL
FOREACH (_ IN CASE ref.organizationRole WHEN 'AT' THEN [1] ELSE [] END | MERGE (r)-[:AT]->(o))
FOREACH (_ IN CASE ref.organizationRole WHEN 'ISSUED_BY' THEN [1] ELSE [] END |
  MERGE (r)-[:ISSUED_BY]->(o))
FOREACH (_ IN CASE ref.organizationRole WHEN 'REFERRED_TO' THEN [1] ELSE [] END |
  MERGE (r)-[:REFERRED_TO]->(o))
FOREACH (_ IN CASE ref.organizationRole WHEN 'ATTACHED_TO' THEN [1] ELSE [] END |
  MERGE (r)-[:ATTACHED_TO]->(o))
WITH r, o
WHERE r.capability IS NOT NULL
MERGE (c:Capability {code: r.capability})
MERGE (o)-[:CAN]->(c)
