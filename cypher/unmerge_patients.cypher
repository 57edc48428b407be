// Undo a join of two people (merge_patients.cypher) in one step: every record that came
// from $mergedFrom goes back to that person, its link as it was before the join (reason,
// score, who and when), and refuses the person it leaves (NOT_SAME_AS, as after a split),
// so the linker does not join the two again: the operator's word stands. The person
// $mergedFrom is made anew under the same id (refreshing the people rebuilds its
// passport). Returns the records moved back: none when there is no such join.
MATCH (into:Patient {patientId: $patientId})
USING INDEX SEEK into:Patient(patientId)
MATCH (pr:PatientRecord)-[link:BELONGS_TO]->(into)
WHERE link.mergedFrom = $mergedFrom
MERGE (back:Patient {patientId: $mergedFrom})
CREATE (pr)-[restored:BELONGS_TO]->(back)
SET restored.reason = link.reason, restored.score = link.score,
    restored.linkedBy = link.linkedBy, restored.linkedAt = link.linkedAt
MERGE (pr)-[refusal:NOT_SAME_AS]->(into)
SET refusal.by = $operator, refusal.at = datetime(), refusal.why = $why
DELETE link
RETURN pr.key AS key
