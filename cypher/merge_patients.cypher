// Two people already in the graph are one (ingest/identity.py: a record shares a СНИЛС or
// an ЕНП with both): every record of `old` moves to `new`, each moved link keeping its own
// reason and score and saying which person it came from and through which record. An
// operator's refusal (NOT_SAME_AS) of `old` holds for `new`. The emptied `old` and its
// derived nodes go when the people are refreshed (delete_orphan_patients). Rows run in
// order, so a chain (a → b, then b → c) ends with everyone at c. An operator's split
// stands: two people one of whose records was split off the other stay apart.
// An open review pair whose two records are now one person's is no question any more:
// it is closed as 'joined', with the join that answered it (asking «разные люди?» of one
// person would offer an answer the graph does not keep).
UNWIND $rows AS row
MATCH (old:Patient {patientId: row.old})
USING INDEX SEEK old:Patient(patientId)
MATCH (new:Patient {patientId: row.new})
USING INDEX SEEK new:Patient(patientId)
WHERE NOT EXISTS { (old)<-[:BELONGS_TO]-(:PatientRecord)-[:NOT_SAME_AS]->(new) }
  AND NOT EXISTS { (new)<-[:BELONGS_TO]-(:PatientRecord)-[:NOT_SAME_AS]->(old) }
CALL (old, new, row) {
  MATCH (pr:PatientRecord)-[link:BELONGS_TO]->(old)
  MERGE (pr)-[moved:BELONGS_TO]->(new)
    ON CREATE SET moved.reason = link.reason, moved.score = link.score,
                  moved.linkedBy = link.linkedBy, moved.linkedAt = link.linkedAt,
                  moved.mergedFrom = row.old, moved.mergedVia = row.via,
                  moved.mergedBecause = row.reason, moved.mergedAt = datetime()
  DELETE link
}
CALL (old, new) {
  MATCH (refusing)-[refusal:NOT_SAME_AS]->(old)
  MERGE (refusing)-[:NOT_SAME_AS]->(new)
  DELETE refusal
}
CALL (new, row) {
  MATCH (new)<-[:BELONGS_TO]-(:PatientRecord)<-[:CONCERNS_RECORD]-(review:LinkReview
                                                                    {status: 'open'})
  WITH DISTINCT review, new, row
  WHERE COUNT { (review)-[:CONCERNS_RECORD]->(:PatientRecord)-[:BELONGS_TO]->(new) } = 2
  SET review.status = 'joined', review.decidedBy = 'ingest', review.decidedAt = datetime(),
      review.joinedInto = new.patientId, review.joinedBecause = row.reason,
      review.joinedVia = row.via
}
RETURN count(*) AS merged
