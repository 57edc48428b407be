// The contingent on the register at a date: tumours and people, by clinical group.
MATCH (e:RegistryEntry)-[:HAD_STATUS]->(s:RegistryStatus {status: 'on-register'})
WHERE s.since <= $at AND (s.until IS NULL OR s.until > $at)
  AND ($district IS NULL OR e.district = $district)
RETURN e.clinicalGroup AS clinicalGroup, count(e) AS tumors,
       count(DISTINCT e.patientId) AS patients,
       count(CASE WHEN s.since <= $fiveYearsBefore THEN 1 END) AS fiveYearsOrMore
ORDER BY clinicalGroup
