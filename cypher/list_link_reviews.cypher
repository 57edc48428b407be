// Open review pairs with what an operator compares (names, birth dates, sex, СНИЛС, the
// people's districts, the polyclinic and source of each record), most likely first; a
// coordinator bound to a district ($district) sees the pairs that concern a person of
// that district.
MATCH (review:LinkReview {status: 'open'})-[:CONCERNS_RECORD]->(pr:PatientRecord)
OPTIONAL MATCH (pr)-[:BELONGS_TO]->(p:Patient)
WITH review, collect({key: pr.key, patientId: p.patientId, nameKey: pr.nameKey,
                      family: pr.family, given: pr.given, patronymic: pr.patronymic,
                      birthDate: pr.birthDate, sex: pr.sex, snils: pr.snils, source: pr.source,
                      organization: head([(pr)-[:ATTACHED_TO]->(o:Organization) | o.name]),
                      ownDistrict: pr.district,
                      district: coalesce(p.district, pr.district)}) AS records
WHERE ($district IS NULL OR any(record IN records WHERE record.district = $district))
  // a pair whose records one person holds already (joined after it was asked) is no
  // question: a join closes it (merge_patients.cypher); this keeps one left open out too
  AND NOT (size(records) = 2 AND records[0].patientId IS NOT NULL
           AND records[0].patientId = records[1].patientId)
RETURN review.reviewId AS reviewId, review.score AS score, records
ORDER BY review.score DESC, reviewId
LIMIT $limit
