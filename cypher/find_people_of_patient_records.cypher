// The people these PatientRecords belong to. Given a batch's patient records and the
// subjects of its other records, these are the people the batch's records concern.
UNWIND $keys AS key
MATCH (pr:Record {key: key})-[:BELONGS_TO]->(p)
USING INDEX SEEK pr:Record(key)
RETURN DISTINCT p.patientId AS patientId
