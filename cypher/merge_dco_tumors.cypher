// A tumour known only from a death certificate (DCO): the registry's own Tumor, marked dco.
UNWIND $rows AS row
MATCH (p:Patient {patientId: row.patientId})
USING INDEX SEEK p:Patient(patientId)
MATCH (d:Record {key: row.deathKey})
USING INDEX SEEK d:Record(key)
MERGE (t:Tumor {tumorId: row.tumorId})
SET t.icd10 = row.icd10, t.site = left(row.icd10, 3), t.morphology = row.morphology,
    t.diagnosedOn = row.deathOn, t.verification = 'death-certificate-only', t.dco = true,
    t.basis = 0, t.morphologicallyVerified = false,
    t.derivedBy = 'registry'
MERGE (p)-[:HAS_TUMOR]->(t)
MERGE (d)-[:CONCERNS]->(t)
