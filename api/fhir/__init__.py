"""The FHIR R4 read API: CapabilityStatement and Patient/$everything (POST /fhir, the
transaction ingest, lives in api/routes/fhir_ingest.py)."""
