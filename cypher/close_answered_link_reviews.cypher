// Open review pairs whose two records one person holds already: joins made before a join
// closed the pairs it answered (merge_patients.cypher) left them open. Each is closed as
// 'joined' into that person, with the join's reason and record where a moved link kept
// them (mergedBecause, mergedVia), else the link's own reason. Run at start
// (onkopassport/startup.py); idempotent: a second run finds no open pair to close.
MATCH (review:LinkReview {status: 'open'})-[:CONCERNS_RECORD]->(:PatientRecord)
      -[link:BELONGS_TO]->(person:Patient)
WITH review, person, collect(link) AS links
WHERE size(links) = 2
WITH review, person,
     [link IN links WHERE link.mergedFrom IS NOT NULL] + links AS joinedFirst
SET review.status = 'joined', review.decidedBy = 'ingest', review.decidedAt = datetime(),
    review.joinedInto = person.patientId,
    review.joinedBecause = coalesce(joinedFirst[0].mergedBecause, joinedFirst[0].reason),
    review.joinedVia = joinedFirst[0].mergedVia
RETURN count(review) AS closed
