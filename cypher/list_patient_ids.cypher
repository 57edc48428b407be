// One page of the ids of every person (passport or not) in order, after $after (keyset
// pagination): what `onkopassport rederive` walks.
MATCH (p:Patient)
WHERE p.patientId > $after
RETURN p.patientId AS patientId
ORDER BY p.patientId
LIMIT $limit
