// Each passport's care events within [$from, $to] in route order, with the kind of the
// organisation where each happened — the raw material of the regional route map.
// Filters: $district (patient), $siteFrom/$siteTo (a tumour of the patient),
// $organizationKind (at least one event at an organisation of that kind).
MATCH (p:Passport)
WHERE ($district IS NULL OR p.district = $district)
  AND ($siteFrom IS NULL OR EXISTS {
        MATCH (p)-[:HAS_TUMOR]->(t:Tumor) WHERE t.site >= $siteFrom AND t.site <= $siteTo })
MATCH (p)<-[:BELONGS_TO]-(:PatientRecord)<-[:SUBJECT]-(e WHERE e.routeIndex IS NOT NULL)
WHERE e.date >= $from AND e.date <= $to
WITH p, e ORDER BY e.routeIndex
WITH p, collect({kind: e.kind, stage: e.careStage, date: e.date,
                 orgKind: [(e)-[:AT]->(o:Organization) | o.kind][0]}) AS events
WHERE $organizationKind IS NULL OR any(x IN events WHERE x.orgKind = $organizationKind)
RETURN p.patientId AS patientId, events
