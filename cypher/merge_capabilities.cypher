// HealthcareService records → (:Organization)-[:CAN]->(:Capability {code}).
UNWIND $keys AS key
MATCH (service:Record {key: key})-[:AT]->(o:Organization)
USING INDEX SEEK service:Record(key)
WHERE service.capability IS NOT NULL
MERGE (c:Capability {code: service.capability})
MERGE (o)-[:CAN]->(c)
