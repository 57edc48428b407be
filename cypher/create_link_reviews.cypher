// Pairs too close to call: an operator decides (accept → link, reject → keep apart).
UNWIND $rows AS row
MATCH (a:Record:PatientRecord {key: row.key}), (b:Record:PatientRecord {key: row.otherKey})
USING INDEX SEEK a:Record(key)
USING INDEX SEEK b:Record(key)
MERGE (review:LinkReview {reviewId: row.reviewId})
  ON CREATE SET review.score = row.score, review.status = 'open', review.createdAt = datetime(),
                review.candidatePatientId = row.candidatePatientId
MERGE (review)-[:CONCERNS_RECORD]->(a)
MERGE (review)-[:CONCERNS_RECORD]->(b)
