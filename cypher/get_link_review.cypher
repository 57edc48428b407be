// One review pair: its state, who decided it, the districts of the people it concerns
// (for the operator's scope) and the valid СНИЛС of its records and of everyone those
// people hold (two different ones forbid accepting it).
MATCH (review:LinkReview {reviewId: $reviewId})
USING INDEX SEEK review:LinkReview(reviewId)
OPTIONAL MATCH (review)-[:CONCERNS_RECORD]->(pr:PatientRecord)
OPTIONAL MATCH (pr)-[:BELONGS_TO]->(p:Patient)
OPTIONAL MATCH (p)<-[:BELONGS_TO]-(held:PatientRecord)
WITH review, collect(DISTINCT coalesce(p.district, pr.district)) AS districts,
     collect(DISTINCT pr.snils) + collect(DISTINCT held.snils) AS snils
RETURN review.status AS status, review.decidedBy AS decidedBy, districts, snils
