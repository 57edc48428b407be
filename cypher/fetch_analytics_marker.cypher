// A cheap change marker for the analytics frame store (analytics/store.py): how many
// records, passports, tumours, registry entries and deadlines the graph holds. Every one
// is read from the count store in constant time, so the store can ask every few seconds.
// New data (an ingest batch adds records, a derivation adds tumours or deadlines, a
// treatment stops a deadline clock) changes it; a change of a property alone (a corrected
// stage, a clock that ran out without a new record) does not — the store's TTL covers those.
CALL () { MATCH (n:Record) RETURN count(n) AS records }
CALL () { MATCH (n:Passport) RETURN count(n) AS passports }
CALL () { MATCH (n:Tumor) RETURN count(n) AS tumors }
CALL () { MATCH ()-[r:HAS_TUMOR]->() RETURN count(r) AS tumorLinks }
CALL () { MATCH (n:RegistryEntry) RETURN count(n) AS registryEntries }
CALL () { MATCH (n:Deadline) RETURN count(n) AS deadlines }
CALL () { MATCH ()-[r:STOPPED_BY]->() RETURN count(r) AS stoppedClocks }
RETURN records, passports, tumors, tumorLinks, registryEntries, deadlines, stoppedClocks
