// HealthcareService records → (:Organization)-[:CAN]->(:Capability {code}).
UNWIND $keys AS key
MATCH (service:Record {key: key})-[:AT]->(o:Organization)
WHERE service.capability IS NOT NULL
MERGE (c:Capability {code: service.capability})
MERGE (o)-[:CAN]->(c)
