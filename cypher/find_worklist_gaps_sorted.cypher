// One page of the coordinators' worklist in the order of one column: $sortBy is one of the
// names in the CASE below (pathway/worklist_sort.py), ascending or $descending;
// keyset-paginated on (key missing, key, gapId). Gaps without a value (no site, an
// organisation without a name, a patient without a route, no dueOn on a gap written before
// gaps kept it and not yet back-filled) come last either way; gapId breaks ties, so a page
// ends at the same row whatever the plan. Text compares upper-cased, with Ё as Е.
// The default order (urgency, most urgent first) walks its index in find_worklist_gaps;
// this one ranks every gap in scope, as count_worklist_gaps counts them. Only the branch
// of the CASE that is asked for runs, so the patient, last-event and organisation lookups
// cost only their own sorts. Scope and filters: the same as find_worklist_gaps.
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
WITH g, CASE $sortBy
    WHEN 'urgency' THEN g.urgency
    WHEN 'overdueDays' THEN g.overdueDays
    WHEN 'since' THEN g.since
    WHEN 'dueOn' THEN g.dueOn
    // the day of the patient's latest step of care (null: no route yet)
    WHEN 'lastEventOn' THEN [(g)<-[:HAS_GAP]-(:Patient)-[:LAST_EVENT]->(last) | last.date][0]
    WHEN 'site' THEN g.site
    ELSE replace(toUpper(CASE $sortBy
      WHEN 'gap' THEN g.labelRu
      WHEN 'district' THEN g.district
      // "Family Given Patronymic" of the parts there are; null when there are none
      WHEN 'patient' THEN COLLECT {
        MATCH (p:Patient)-[:HAS_GAP]->(g)
        RETURN reduce(name = null, part IN [x IN [p.family, p.given, p.patronymic]
                                            WHERE trim(x) <> ''] |
                      coalesce(name + ' ', '') + trim(part)) AS name }[0]
      WHEN 'organization' THEN COLLECT {
        MATCH (o:Organization {oid: g.organizationOid})
        USING INDEX SEEK o:Organization(oid)
        RETURN o.name AS name }[0]
    END), 'Ё', 'Е')
  END AS key
// The sort columns in one projection, and a keyset filter on those variables only: so
// the planner keeps the page's top rows as they stream by instead of sorting them all.
WITH g, key, g.gapId AS gapId, CASE WHEN key IS NULL THEN 1 ELSE 0 END AS missing,
     CASE WHEN $descending THEN null ELSE key END AS up,
     CASE WHEN $descending THEN key END AS down
WHERE $afterGapId IS NULL
   OR missing > $afterMissing
   OR (missing = $afterMissing
       AND CASE WHEN missing = 1 OR key = $afterKey THEN gapId > $afterGapId
                WHEN $descending THEN key < $afterKey
                ELSE key > $afterKey END)
WITH g, key, gapId, missing, up, down
ORDER BY missing, up, down DESC, gapId
LIMIT $limit
MATCH (p:Patient)-[:HAS_GAP]->(g)
OPTIONAL MATCH (o:Organization {oid: g.organizationOid})
USING INDEX SEEK o:Organization(oid)
RETURN g {.gapId, .kind, .labelRu, .since, .dueOn, .overdueDays, .urgency, .detail, .rule,
          .organizationOid, .district, .site, .patientId} AS gap,
       p {.family, .given, .patronymic, .birthDate,
          lastEventOn: [(p)-[:LAST_EVENT]->(last) | last.date][0]} AS patient,
       o.name AS organizationName, key AS sortKey
ORDER BY missing, up, down DESC, gapId
