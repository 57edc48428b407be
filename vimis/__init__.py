"""Exchange with the federal VIMIS «Онкология» (domain.md §6, issue 8).

Records VIMIS takes become СЭМД (HL7 CDA R2) documents in an outbox kept in Neo4j
(`outbox`), are sent over SOAP `sendDocument` (`transport`, `sender`) and come back as
`sendResult` callbacks (`results`). `standin/` is a local VIMIS for tests and the demo.
"""
