// Registry entries as their stored tab-separated lines (set_registry_entry_rows.cypher),
// in chunks of 5 000 lines per record: a few long lists are far cheaper for the Python
// driver than 100 000 records of 34 values (registry/table.py parses them with pandas).
// Optional filters: on the register at a date, a district, an organisation, a diagnosis
// period, some tumours. Sorted by tumorId in Python (cheaper than on the server).
MATCH (e:RegistryEntry)
WHERE ($district IS NULL OR e.district = $district)
  AND ($organizationOid IS NULL OR e.organizationOid = $organizationOid)
  AND ($diagnosedFrom IS NULL OR e.diagnosedOn >= $diagnosedFrom)
  AND ($diagnosedTo IS NULL OR e.diagnosedOn <= $diagnosedTo)
  AND ($tumorIds IS NULL OR e.tumorId IN $tumorIds)
  AND ($onRegisterAt IS NULL OR EXISTS {
        MATCH (e)-[:HAD_STATUS]->(s:RegistryStatus {status: 'on-register'})
        WHERE s.since <= $onRegisterAt AND (s.until IS NULL OR s.until > $onRegisterAt) })
WITH collect(e.row) AS lines
UNWIND CASE WHEN size(lines) = 0 THEN [] ELSE range(0, size(lines) - 1, 5000) END AS start
RETURN lines[start..start + 5000] AS chunk
