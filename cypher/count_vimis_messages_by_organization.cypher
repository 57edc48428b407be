// Per author organisation: how many VIMIS messages are in each state.
MATCH (m:VimisMessage)
WHERE $organizationOid IS NULL OR m.organizationOid = $organizationOid
OPTIONAL MATCH (o:Organization {oid: m.organizationOid})
USING INDEX SEEK o:Organization(oid)
WITH m.organizationOid AS oid, o.name AS name, m.state AS state, count(*) AS messages
RETURN oid, name, collect({state: state, messages: messages}) AS states
ORDER BY oid
