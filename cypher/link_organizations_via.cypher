// A record that names no organisation of its own took place where the record it names by
// $path did: a Condition asserted by a practitioner, a Procedure, a MedicationRequest at
// their encounter's organisation ($path 'encounter'); a stage Observation where the
// diagnosis it is about was made ($path 'focus', run after 'encounter'). Or, with
// $namedBy, where the record naming it by $path was made: a Specimen (which names no
// organisation in FHIR R4) was received by the laboratory whose report names it
// ($path 'specimen'). It gets (r)-[:AT {via: $path}]->(that organisation), so that the
// history, the gaps, the deadlines and the indicators know where it happened. Drawn again
// for every person refreshed: a referenced record arriving later, or a newer version of it
// elsewhere, is followed; an AT of the record's own, or one drawn by a $path run before
// ($earlier), wins.
UNWIND $patientIds AS patientId
MATCH (p:Patient {patientId: patientId})
USING INDEX SEEK p:Patient(patientId)
MATCH (p)<-[:BELONGS_TO]-(:PatientRecord)<-[:SUBJECT]-(r:Record)
CALL (r) {
  WITH r WHERE NOT $namedBy
  MATCH (r)-[:REFERS {path: $path}]->(named:Record)
  RETURN named
UNION
  WITH r WHERE $namedBy
  MATCH (r)<-[:REFERS {path: $path}]-(named:Record)
  RETURN named
}
WITH r, head([(named)-[:AT]->(o:Organization) | o]) AS place,
     EXISTS { (r)-[other:AT WHERE other.via IS NULL OR other.via IN $earlier]->(:Organization) }
       AS placedOtherwise
CALL (r, place, placedOtherwise) {
  OPTIONAL MATCH (r)-[derived:AT {via: $path}]->(o:Organization)
  WHERE placedOtherwise OR place IS NULL OR o <> place
  DELETE derived
}
CALL (r, place, placedOtherwise) {
  WITH r, place WHERE NOT placedOtherwise AND place IS NOT NULL
  MERGE (r)-[:AT {via: $path}]->(place)
}
