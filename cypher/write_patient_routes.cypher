// Rebuild the route of each patient in $rows: the :Event label on its care records, the
// NEXT chain in time order and FIRST_EVENT/LAST_EVENT. Only what changed is touched:
// links that are still right stay, stale links and labels are removed.
// row: {patientId, eventKeys: [key in route order], links: [{from, to, days, workingDays}],
//       linkIds: ['from>to']}
UNWIND $rows AS row
MATCH (p:Patient {patientId: row.patientId})
USING INDEX SEEK p:Patient(patientId)
CALL (p) {
  MATCH (p)-[f:FIRST_EVENT|LAST_EVENT]->()
  DELETE f
}
CALL (p, row) {
  MATCH (p)<-[:BELONGS_TO]-(:PatientRecord)<-[:SUBJECT]-(old WHERE old.routeIndex IS NOT NULL)
  WHERE NOT old.key IN row.eventKeys
  REMOVE old:Event, old.routeIndex
  WITH old
  MATCH (old)-[n:NEXT]-()
  DELETE n
}
CALL (p, row) {
  MATCH (p)<-[:BELONGS_TO]-(:PatientRecord)<-[:SUBJECT]-(e)-[n:NEXT]-()
  WHERE NOT (startNode(n).key + '>' + endNode(n).key) IN row.linkIds
  DELETE n
}
CALL (row) {
  UNWIND range(0, size(row.eventKeys) - 1) AS position
  MATCH (e:Record {key: row.eventKeys[position]})
  USING INDEX SEEK e:Record(key)
  SET e:Event, e.routeIndex = position
}
CALL (row) {
  UNWIND row.links AS link
  MATCH (a:Record {key: link.from})
  USING INDEX SEEK a:Record(key)
  MATCH (b:Record {key: link.to})
  USING INDEX SEEK b:Record(key)
  MERGE (a)-[n:NEXT]->(b)
  SET n.days = link.days, n.workingDays = link.workingDays
}
CALL (p, row) {
  MATCH (first:Record {key: row.eventKeys[0]})
  USING INDEX SEEK first:Record(key)
  MATCH (last:Record {key: row.eventKeys[size(row.eventKeys) - 1]})
  USING INDEX SEEK last:Record(key)
  MERGE (p)-[:FIRST_EVENT]->(first)
  MERGE (p)-[:LAST_EVENT]->(last)
}
SET p.routeLength = size(row.eventKeys)
