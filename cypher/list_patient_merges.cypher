// People the linker joined (ingest/identity.py: one record proved two stored people one;
// merge_patients.cypher), newest first, for an operator who may undo a join
// (unmerge_patients.cypher). One row per join: the person now holding the records, the
// person they came from, the record that carried the identifiers of both and what it
// shared, and the moved records as an operator compares them. A coordinator bound to a
// district ($district) sees the joins of people of that district. The relationship index
// on BELONGS_TO(mergedFrom) finds the few moved links without reading every link.
MATCH (pr:PatientRecord)-[link:BELONGS_TO]->(p:Patient)
WHERE link.mergedFrom IS NOT NULL AND ($district IS NULL OR p.district = $district)
WITH p, link.mergedFrom AS mergedFrom, link.mergedVia AS via,
     link.mergedBecause AS reason, max(link.mergedAt) AS mergedAt,
     collect({key: pr.key, family: pr.family, given: pr.given, patronymic: pr.patronymic,
              birthDate: pr.birthDate, sex: pr.sex, snils: pr.snils, source: pr.source,
              placeholder: pr.placeholder}) AS moved
OPTIONAL MATCH (carrier:PatientRecord {key: via})
USING INDEX SEEK carrier:PatientRecord(key)
RETURN p.patientId AS patientId, p.family AS family, p.given AS given,
       p.patronymic AS patronymic, p.birthDate AS birthDate, p.district AS district,
       mergedFrom, reason, mergedAt, moved,
       {key: via, family: carrier.family, given: carrier.given,
        patronymic: carrier.patronymic, birthDate: carrier.birthDate, snils: carrier.snils,
        source: carrier.source} AS via
ORDER BY mergedAt DESC, patientId, mergedFrom
LIMIT $limit
