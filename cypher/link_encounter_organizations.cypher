// A record that names no organisation of its own took place where its encounter did: a
// Condition asserted by a practitioner, a Procedure, a MedicationRequest… gets
// (r)-[:AT {via: 'encounter'}]->(the encounter's organisation), so that the route, the
// gaps, the deadlines and the indicators know where it happened. Drawn again for every
// person refreshed: an encounter arriving after the records that name it, or a newer
// version of it at another organisation, is followed; an AT of the record's own wins.
UNWIND $patientIds AS patientId
MATCH (p:Patient {patientId: patientId})
USING INDEX SEEK p:Patient(patientId)
MATCH (p)<-[:BELONGS_TO]-(:PatientRecord)<-[:SUBJECT]-(r:Record)
      -[:REFERS {path: 'encounter'}]->(encounter:Record)
WITH r, head([(encounter)-[at:AT WHERE at.via IS NULL]->(o:Organization) | o]) AS place,
     EXISTS { (r)-[own:AT WHERE own.via IS NULL]->(:Organization) } AS hasOwn
CALL (r, place, hasOwn) {
  OPTIONAL MATCH (r)-[derived:AT {via: 'encounter'}]->(o:Organization)
  WHERE hasOwn OR place IS NULL OR o <> place
  DELETE derived
}
CALL (r, place, hasOwn) {
  WITH r, place WHERE NOT hasOwn AND place IS NOT NULL
  MERGE (r)-[:AT {via: 'encounter'}]->(place)
}
