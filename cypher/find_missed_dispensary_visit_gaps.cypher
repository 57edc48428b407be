// Gap: the next dispensary visit is overdue (548н): after the last visit (or the
// registration) the interval of the year of observation has passed — $dispensaryMonths
// holds the intervals of year 1, year 2 and year 3 on (D6, D7, D8), in calendar months.
UNWIND $patientIds AS patientId
MATCH (p:Patient:Passport {patientId: patientId})
USING INDEX SEEK p:Patient(patientId)  // anchor on the patient, whatever the counts
MATCH (p)<-[:BELONGS_TO]-(:PatientRecord)<-[:SUBJECT]-(reg WHERE reg.routeIndex IS NOT NULL AND reg.kind = 'dispensary-observation')
WITH p, reg ORDER BY reg.routeIndex
WITH p, collect(reg)[0] AS reg
MATCH (p)<-[:BELONGS_TO]-(:PatientRecord)<-[:SUBJECT]-(visit WHERE visit.routeIndex IS NOT NULL)
WHERE visit.routeIndex >= reg.routeIndex
  AND visit.kind IN ['dispensary-observation', 'consultation', 'outpatient']
WITH p, reg, visit ORDER BY visit.routeIndex DESC
WITH p, reg, collect(visit)[0] AS last
WITH p, reg, last,
     CASE duration.between(reg.date, last.date).months / 12
       WHEN 0 THEN 0 WHEN 1 THEN 1 ELSE 2 END AS year
WITH p, reg, last, year, last.date + duration({months: $dispensaryMonths[year]}) AS dueOn
WHERE dueOn < $today
RETURN p.patientId AS patientId, last.date AS since, last.key AS anchorKey,
       ['D6', 'D7', 'D8'][year] AS rule, dueOn, last.kind AS detail,
       coalesce([(last)-[:AT]->(o:Organization) | o.oid][0],
                [(reg)-[:AT]->(o:Organization) | o.oid][0]) AS organizationOid
