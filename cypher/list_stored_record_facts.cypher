// One page, in key order after $after (keyset pagination), of the FHIR records stored
// with their raw JSON (those the ingest wrote carry a version `rank`; a legacy registry
// import's rows do not, and are no FHIR): the JSON and the facts read from it when it
// arrived (every property but the JSON itself), for `onkopassport reclassify`.
MATCH (r:Record)
WHERE r.key > $after AND r.rank IS NOT NULL AND r.resource IS NOT NULL
WITH r
ORDER BY r.key
LIMIT $limit
RETURN r.key AS key, r.rank AS rank, r.resource AS resource,
       [name IN keys(r) WHERE name <> 'resource' | [name, r[name]]] AS facts
