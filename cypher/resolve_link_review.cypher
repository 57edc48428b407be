// Close a review: accepted → the first record joins the second record's person.
MATCH (review:LinkReview {reviewId: $reviewId, status: 'open'})-[:CONCERNS_RECORD]->(pr:PatientRecord)
USING INDEX SEEK review:LinkReview(reviewId)
WITH review, collect(pr) AS records
SET review.status = $decision, review.decidedBy = $operator, review.decidedAt = datetime()
WITH review, records
WHERE $decision = 'accepted'
WITH records[0] AS moving, records[1] AS staying
MATCH (staying)-[:BELONGS_TO]->(target:Patient)
MATCH (moving)-[old:BELONGS_TO]->(previous:Patient)
WHERE previous <> target
DELETE old
MERGE (moving)-[link:BELONGS_TO]->(target)
SET link.reason = 'manual', link.score = 1.0, link.linkedBy = $operator,
    link.linkedAt = datetime()
RETURN previous.patientId AS oldPatientId, target.patientId AS newPatientId
