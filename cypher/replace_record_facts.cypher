// The facts the classifier reads now from a stored record's raw JSON: `row.facts` holds the
// changed and new ones, and null for those it no longer reads (`+=` removes a property set
// to null). Skipped when a newer version was stored since the page was read: that one was
// classified by this version as it arrived. Edges are left as drawn when it arrived.
UNWIND $rows AS row
MATCH (r:Record {key: row.key})
USING INDEX SEEK r:Record(key)
WHERE r.rank = row.rank
SET r += row.facts
RETURN r.key AS key
