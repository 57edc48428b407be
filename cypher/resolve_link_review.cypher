// Close a review. Accepted: the two people are one. Every record of the person the pair's
// new record founded (the side that is not `candidatePatientId`) joins the candidate's
// person, as a join of stored people does (merge_patients.cypher: each moved link keeps
// its reason and says `mergedFrom`, `mergedVia` — that record — and `mergedBecause` =
// 'review'), so the join is listed and can be undone in one step. Moving the one record
// alone would split a person that holds other records too. Other open pairs whose two
// records the join made one person's are closed as 'joined' (merge_patients.cypher does
// the same). Rejected: nothing moves.
// The caller has checked the two people do not hold two different СНИЛС.
MATCH (review:LinkReview {reviewId: $reviewId, status: 'open'})
USING INDEX SEEK review:LinkReview(reviewId)
SET review.status = $decision, review.decidedBy = $operator, review.decidedAt = datetime()
WITH review
WHERE $decision = 'accepted'
MATCH (review)-[:CONCERNS_RECORD]->(pr:PatientRecord)-[:BELONGS_TO]->(person:Patient)
WITH review, pr, person
ORDER BY person.patientId = review.candidatePatientId, pr.key
WITH collect({record: pr, person: person}) AS sides
WITH sides[0].record AS via, sides[0].person AS previous, sides[1].person AS target
WHERE target IS NOT NULL AND previous <> target
CALL (via, previous, target) {
  MATCH (pr:PatientRecord)-[link:BELONGS_TO]->(previous)
  MERGE (pr)-[moved:BELONGS_TO]->(target)
    ON CREATE SET moved.reason = link.reason, moved.score = link.score,
                  moved.linkedBy = link.linkedBy, moved.linkedAt = link.linkedAt,
                  moved.mergedFrom = previous.patientId, moved.mergedVia = via.key,
                  moved.mergedBecause = 'review', moved.mergedAt = datetime()
  DELETE link
}
CALL (previous, target) {
  MATCH (refusing)-[refusal:NOT_SAME_AS]->(previous)
  MERGE (refusing)-[:NOT_SAME_AS]->(target)
  DELETE refusal
}
CALL (via, target) {
  MATCH (target)<-[:BELONGS_TO]-(:PatientRecord)<-[:CONCERNS_RECORD]-(other:LinkReview
                                                                       {status: 'open'})
  WITH DISTINCT other, via, target
  WHERE COUNT { (other)-[:CONCERNS_RECORD]->(:PatientRecord)-[:BELONGS_TO]->(target) } = 2
  SET other.status = 'joined', other.decidedBy = $operator, other.decidedAt = datetime(),
      other.joinedInto = target.patientId, other.joinedBecause = 'review',
      other.joinedVia = via.key
}
RETURN previous.patientId AS oldPatientId, target.patientId AS newPatientId
