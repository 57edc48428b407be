// The values the analytics filters offer: districts and organisations.
CALL () {
  MATCH (d:District) RETURN collect(DISTINCT d.name) AS districts
}
CALL () {
  MATCH (o:Organization)
  RETURN collect(DISTINCT {oid: o.oid, name: coalesce(o.name, o.oid)}) AS organizations
}
RETURN districts, organizations
