// A registrar confirms a Rare or Query result of one check of one entry (who, when, why).
MATCH (e:RegistryEntry {tumorId: $tumorId})
USING INDEX SEEK e:RegistryEntry(tumorId)
MERGE (q:QualityReview {reviewId: $tumorId + '|' + $check})
SET q.tumorId = $tumorId, q.check = $check, q.grade = $grade, q.reason = $reason,
    q.reviewedBy = $reviewedBy, q.reviewedAt = $reviewedAt, q.status = 'confirmed'
MERGE (q)-[:REVIEWS]->(e)
RETURN q {.*} AS review
