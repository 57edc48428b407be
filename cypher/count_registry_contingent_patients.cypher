// The people on the register at a date, each once (a person with tumours in two clinical
// groups is in both rows of count_registry_contingent, so its rows do not add up).
MATCH (e:RegistryEntry)-[:HAD_STATUS]->(s:RegistryStatus {status: 'on-register'})
WHERE s.since <= $at AND (s.until IS NULL OR s.until > $at)
  AND ($district IS NULL OR e.district = $district)
RETURN count(DISTINCT e.patientId) AS patients
