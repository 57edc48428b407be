// One API user by id, with the password hash for verification (never sent to clients).
MATCH (u:User {userId: $userId})
USING INDEX SEEK u:User(userId)
RETURN u.userId AS userId, u.role AS role, u.organizationOid AS organizationOid,
       u.district AS district, u.source AS source,
       u.passwordHash AS passwordHash
