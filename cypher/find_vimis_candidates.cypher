// Clinical records of passport patients that VIMIS takes (docType switched on), one page
// in key order, with everything the СЭМД needs and the record's latest VIMIS message.
MATCH (r:Record)
// Walk the key index from the page's start: the index gives the order, and LIMIT stops the
// walk. Left free, the planner started from every person's records and sorted them all
// for each page once its statistics lagged (quadratic over a region's pages).
USING INDEX SEEK r:Record(key)
WHERE r.key > $afterKey
  AND r.vimisDocType IN $docTypes
  AND coalesce(r.retracted, false) = false
  AND coalesce(r.placeholder, false) = false
MATCH (r)-[:SUBJECT]->(:PatientRecord)-[:BELONGS_TO]->(p:Passport)
WHERE $patientIds IS NULL OR p.patientId IN $patientIds
WITH r, p ORDER BY r.key LIMIT $limit
OPTIONAL CALL (r) {
  MATCH (r)-[:AT]->(o:Organization)
  RETURN o ORDER BY o.oid LIMIT 1
}
OPTIONAL CALL (r) {
  MATCH (r)-[:REFERRED_TO]->(target:Organization)
  RETURN target ORDER BY target.oid LIMIT 1
}
OPTIONAL CALL (r) {
  MATCH (r)-[:CONCERNS]->(t:Tumor)
  RETURN t ORDER BY t.sequence LIMIT 1
}
OPTIONAL CALL (r) {
  MATCH (r)-[:SENT_AS]->(m:VimisMessage)
  RETURN m ORDER BY m.version DESC LIMIT 1
}
RETURN r {.*, resource: null} AS record,
       p {.patientId, .family, .given, .patronymic, .sex, .birthDate, .snils, .deceasedOn}
         AS patient,
       o {.oid, .name} AS organization,
       target {.oid, .name} AS referredTo,
       t {.tumorId, .icd10, .morphology, .stage, .t, .n, .m, .diagnosedOn, .verification,
          .clinicalGroup} AS tumor,
       m {.messageId, .version, .contentHash} AS latest
ORDER BY r.key
