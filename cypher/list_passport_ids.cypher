// One page of passport patient ids in order, after $after (keyset pagination).
MATCH (p:Passport)
WHERE p.patientId > $after
RETURN p.patientId AS patientId
ORDER BY p.patientId
LIMIT $limit
