// Open review pairs with both records' names and birth dates, most likely first.
MATCH (review:LinkReview {status: 'open'})-[:CONCERNS_RECORD]->(pr:PatientRecord)
OPTIONAL MATCH (pr)-[:BELONGS_TO]->(p:Patient)
WITH review, collect({key: pr.key, patientId: p.patientId, nameKey: pr.nameKey,
                      birthDate: pr.birthDate, snils: pr.snils, source: pr.source}) AS records
RETURN review.reviewId AS reviewId, review.score AS score, records
ORDER BY review.score DESC
LIMIT $limit
