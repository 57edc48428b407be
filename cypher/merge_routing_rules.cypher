// Load the regional routing order (district × site group × step → organisation).
// row: {ruleId, district, siteGroup, siteFrom, siteTo, step, organizationOid, priority}
// The Organization is MERGEd by oid so the order can load before the FRMO registry.
UNWIND $rows AS row
MERGE (r:RoutingRule {ruleId: row.ruleId})
SET r += row
MERGE (o:Organization {oid: row.organizationOid})
WITH r, o
OPTIONAL MATCH (r)-[old:ROUTES_TO]->(other:Organization)
WHERE other <> o
DELETE old
MERGE (r)-[:ROUTES_TO]->(o)
