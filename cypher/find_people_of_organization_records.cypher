// The people with a record at, from, to or attached to an organisation that one of these
// records describes. An Organization resource that arrives after the records naming it
// (or a newer version of it) may give the organisation its kind: a referral to it becomes
// a trigger (domain.md §5), and routes and registry entries name it. Keys of other
// records find nothing.
UNWIND $keys AS key
MATCH (described:Record {key: key})-[:DESCRIBES]->(o:Organization)
USING INDEX SEEK described:Record(key)
MATCH (o)<-[:AT|ISSUED_BY|REFERRED_TO|ATTACHED_TO]-(r:Record)
CALL (r) {
  MATCH (r)-[:SUBJECT]->(:PatientRecord)-[:BELONGS_TO]->(p:Patient)
  RETURN p
UNION
  MATCH (r)-[:BELONGS_TO]->(p:Patient)
  RETURN p
}
RETURN DISTINCT p.patientId AS patientId
