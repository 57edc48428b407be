// Remove the derived pathway layer of patients that are not (or no longer) passports:
// Event labels, NEXT chain, FIRST/LAST_EVENT, deadlines and gaps. Notifications stay
// (they were sent; they are history).
UNWIND $patientIds AS patientId
MATCH (p:Patient {patientId: patientId})
USING INDEX SEEK p:Patient(patientId)
WHERE NOT p:Passport
CALL (p) {
  MATCH (p)-[f:FIRST_EVENT|LAST_EVENT]->()
  DELETE f
}
CALL (p) {
  MATCH (p)<-[:BELONGS_TO]-(:PatientRecord)<-[:SUBJECT]-(e WHERE e.routeIndex IS NOT NULL)
  OPTIONAL MATCH (e)-[n:NEXT]-()
  DELETE n
  REMOVE e:Event, e.routeIndex
}
CALL (p) {
  MATCH (p)-[:HAS_DEADLINE|HAS_GAP]->(x)
  DETACH DELETE x
}
REMOVE p.openPathway, p.currentOrganizationOid, p.openGaps, p.routeLength
