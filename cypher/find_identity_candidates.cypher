// For each PatientRecord not yet linked to a person: the records that share one of its
// identifiers (deterministic candidates) and those born the same day (probabilistic
// candidates, scored in Python), with the person each belongs to; for the latter also the
// people their person already has an open or rejected review pair with (not asked again).
// Written for a plan that stays good as the graph grows: a first ingest plans this on a
// nearly empty graph, where a label with no nodes yet (:Patient before anyone is linked)
// looks like the cheapest place to start, and such a plan was later 100× slower. So the
// nodes reached along a relationship carry no label (BELONGS_TO always ends at a :Patient,
// IDENTIFIES always starts at an :Identifier), and the two lookups by property are pinned
// to index seeks (a plain USING INDEX once gave a scan of the whole index for every key).
UNWIND $keys AS key
MATCH (pr:Record:PatientRecord {key: key})
USING INDEX SEEK pr:PatientRecord(key)
WHERE NOT (pr)-[:BELONGS_TO]->()
  // a placeholder (a subject not yet arrived) counts when an identifier names it (СНИЛС,
  // ЕНП, a local id): by `Patient/1` alone it carries nothing to link by
  AND (pr.placeholder = false OR EXISTS { (pr)<-[:IDENTIFIES]-() })
CALL (pr) {
  OPTIONAL MATCH (candidate:PatientRecord {birthDate: pr.birthDate})
  USING INDEX SEEK candidate:PatientRecord(birthDate)
  WHERE candidate <> pr AND candidate.placeholder = false
  RETURN collect(candidate) AS bornSameDay
}
RETURN pr.key AS key, pr.snils AS snils, pr.nameKey AS nameKey, pr.sex AS sex,
       pr.birthDate AS birthDate, pr.district AS district,
       [(pr)<-[:IDENTIFIES]-(i)-[:IDENTIFIES]->(other:PatientRecord) WHERE other <> pr |
        {key: other.key, system: i.system, snils: other.snils, birthDate: other.birthDate,
         sex: other.sex,
         patientId: head([(other)-[:BELONGS_TO]->(op) | op.patientId]),
         patientSnils: head([(other)-[:BELONGS_TO]->(op) |
                             [(op)<-[:BELONGS_TO]-(o) WHERE o.snils IS NOT NULL | o.snils]])}]
         AS sharing,
       [candidate IN bornSameDay |
        {key: candidate.key, nameKey: candidate.nameKey, sex: candidate.sex,
         district: candidate.district, snils: candidate.snils,
         patientId: head([(candidate)-[:BELONGS_TO]->(cp) | cp.patientId]),
         patientSnils: head([(candidate)-[:BELONGS_TO]->(cp) |
                             [(cp)<-[:BELONGS_TO]-(o) WHERE o.snils IS NOT NULL | o.snils]]),
         reviewedWith: head([(candidate)-[:BELONGS_TO]->(cp) |
                             [(cp)<-[:BELONGS_TO]-()<-[:CONCERNS_RECORD]-(review)
                                 -[:CONCERNS_RECORD]->()-[:BELONGS_TO]->(paired)
                              WHERE review.status IN ['open', 'rejected'] AND paired <> cp |
                              paired.patientId]])}]
         AS similar,
       [(pr)-[:NOT_SAME_AS]->(refused) | refused.patientId] AS refused
