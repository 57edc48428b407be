// The organisation with the most records and its district: where the demo clinician works.
MATCH (o:Organization)<-[:AT]-(r:Record)
WITH o, count(r) AS records
ORDER BY records DESC, o.oid
LIMIT 1
RETURN o.oid AS oid, o.name AS name, o.district AS district
