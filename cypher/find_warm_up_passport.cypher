// The passport the API's start-up warm-up reads (api/warmup.py), with what its scoped
// principals need: the patient's district (a district coordinator's) and an organisation
// one of their records was made at (a clinician's). None when there is no passport yet.
MATCH (p:Passport)<-[:BELONGS_TO]-(:PatientRecord)<-[:SUBJECT]-(:Record)-[:AT]->(o:Organization)
RETURN p.patientId AS patientId, p.district AS district, o.oid AS organizationOid
LIMIT 1
