// One page of the coordinators' worklist: open gaps, most urgent first, keyset-paginated
// on (urgency DESC, gapId ASC). Row-level scope: admins see all; coordinators their
// district ($district null = the region); clinicians the patients seen at their
// organisation; analysts nothing (they get de-identified aggregates elsewhere).
MATCH (g:Gap)
USING INDEX g:Gap(urgency)  // walk the gaps in urgency order; LIMIT stops the walk
WHERE g.urgency IS NOT NULL
  AND ($role = 'admin'
       OR ($role = 'coordinator' AND ($district IS NULL OR g.district = $district))
       OR ($role = 'clinician' AND $organizationOid IN g.careOrganizationOids))
  AND ($filterOrganization IS NULL OR g.organizationOid = $filterOrganization)
  AND ($filterDistrict IS NULL OR g.district = $filterDistrict)
  AND ($siteFrom IS NULL OR (g.site >= $siteFrom AND g.site <= $siteTo))
  AND ($kinds IS NULL OR g.kind IN $kinds)
  AND ($minOverdueDays IS NULL OR g.overdueDays >= $minOverdueDays)
  AND ($sinceFrom IS NULL OR g.since >= $sinceFrom)
  AND ($afterUrgency IS NULL OR g.urgency < $afterUrgency
       OR (g.urgency = $afterUrgency AND g.gapId > $afterGapId))
WITH g ORDER BY g.urgency DESC, g.gapId ASC LIMIT $limit
MATCH (p:Patient {patientId: g.patientId})
USING INDEX SEEK p:Patient(patientId)
OPTIONAL MATCH (o:Organization {oid: g.organizationOid})
USING INDEX SEEK o:Organization(oid)
RETURN g {.gapId, .kind, .labelRu, .since, .dueOn, .overdueDays, .urgency, .detail, .rule,
          .organizationOid, .district, .site, .patientId} AS gap,
       p {.family, .given, .patronymic, .birthDate,
          lastEventOn: [(p)-[:LAST_EVENT]->(last) | last.date][0]} AS patient,
       o.name AS organizationName
ORDER BY g.urgency DESC, g.gapId ASC
