// Organisations that could take the next step: those the regional routing order names for
// the district, site and step, and any organisation with the needed capability or kind.
// load = passports whose pathway is open (a D1–D5 clock running) and whose latest care
// was there.
CALL () {
  MATCH (r:RoutingRule {district: $district, step: $step})
  WHERE $site IS NOT NULL AND r.siteFrom <= $site AND r.siteTo >= $site
  MATCH (r)-[:ROUTES_TO]->(o:Organization)
  RETURN o, r.priority AS priority
  UNION
  MATCH (o:Organization)-[:CAN]->(:Capability {code: $capability})
  RETURN o, null AS priority
  UNION
  MATCH (o:Organization)
  WHERE o.kind IN $kinds
  RETURN o, null AS priority
}
WITH o, min(priority) AS priority
RETURN o.oid AS oid, o.name AS name, o.kind AS kind, o.district AS district, priority,
       ($capability IS NOT NULL AND EXISTS { (o)-[:CAN]->(:Capability {code: $capability}) })
         OR o.kind IN $kinds AS capable,
       COUNT { MATCH (p:Passport {currentOrganizationOid: o.oid}) WHERE p.openPathway } AS load
