// Patient resources are also :PatientRecord, the unit the identity layer links.
UNWIND $keys AS key
MATCH (r:Record {key: key})
SET r:PatientRecord
