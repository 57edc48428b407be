// One review pair: its state, who decided it, the districts of the people it concerns
// (for the operator's scope), the valid СНИЛС of its records and of everyone those
// people hold (two different ones forbid accepting it), the people its records belong to
// now (one person: the pair was answered by a join, «разные люди» would not be true) and,
// when a join closed it, the person it made.
MATCH (review:LinkReview {reviewId: $reviewId})
USING INDEX SEEK review:LinkReview(reviewId)
OPTIONAL MATCH (review)-[:CONCERNS_RECORD]->(pr:PatientRecord)
OPTIONAL MATCH (pr)-[:BELONGS_TO]->(p:Patient)
OPTIONAL MATCH (p)<-[:BELONGS_TO]-(held:PatientRecord)
WITH review, collect(DISTINCT coalesce(p.district, pr.district)) AS districts,
     collect(DISTINCT pr.snils) + collect(DISTINCT held.snils) AS snils,
     count(DISTINCT CASE WHEN p IS NOT NULL THEN pr END) AS linked,
     collect(DISTINCT p.patientId) AS people
RETURN review.status AS status, review.decidedBy AS decidedBy, districts, snils,
       CASE WHEN linked = 2 AND size(people) = 1 THEN people[0] END AS samePerson,
       review.joinedInto AS joinedInto
