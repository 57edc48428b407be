// Patient resources are also :PatientRecord, the unit the identity layer links.
UNWIND $keys AS key
MATCH (r:Record {key: key})
USING INDEX SEEK r:Record(key)
SET r:PatientRecord
