// Registry entries (optionally: on the register at a date, of a district) for checks,
// export and the API; status periods are not needed there.
MATCH (e:RegistryEntry)
WHERE ($district IS NULL OR e.district = $district)
  AND ($organizationOid IS NULL OR e.organizationOid = $organizationOid)
  AND ($diagnosedFrom IS NULL OR e.diagnosedOn >= $diagnosedFrom)
  AND ($diagnosedTo IS NULL OR e.diagnosedOn <= $diagnosedTo)
  AND ($onRegisterAt IS NULL OR EXISTS {
        MATCH (e)-[:HAD_STATUS]->(s:RegistryStatus {status: 'on-register'})
        WHERE s.since <= $onRegisterAt AND (s.until IS NULL OR s.until > $onRegisterAt) })
RETURN e {.*} AS entry
ORDER BY e.tumorId
