// Open review pairs with both records' names, birth dates and people's districts, most
// likely first; a coordinator bound to a district ($district) sees the pairs that concern
// a person of that district.
MATCH (review:LinkReview {status: 'open'})-[:CONCERNS_RECORD]->(pr:PatientRecord)
OPTIONAL MATCH (pr)-[:BELONGS_TO]->(p:Patient)
WITH review, collect({key: pr.key, patientId: p.patientId, nameKey: pr.nameKey,
                      birthDate: pr.birthDate, snils: pr.snils, source: pr.source,
                      district: coalesce(p.district, pr.district)}) AS records
WHERE $district IS NULL OR any(record IN records WHERE record.district = $district)
RETURN review.reviewId AS reviewId, review.score AS score, records
ORDER BY review.score DESC, reviewId
LIMIT $limit
