// One review pair: its state, who decided it, and the districts of the people it concerns
// (for the operator's scope).
MATCH (review:LinkReview {reviewId: $reviewId})
USING INDEX SEEK review:LinkReview(reviewId)
OPTIONAL MATCH (review)-[:CONCERNS_RECORD]->(pr:PatientRecord)
OPTIONAL MATCH (pr)-[:BELONGS_TO]->(p:Patient)
RETURN review.status AS status, review.decidedBy AS decidedBy,
       [d IN collect(coalesce(p.district, pr.district)) WHERE d IS NOT NULL] AS districts
