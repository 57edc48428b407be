// Total of the worklist under the same scope and filters as find_worklist_gaps.
MATCH (g:Gap)
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
RETURN count(g) AS total
