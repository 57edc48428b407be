// Create or update one API user (api/auth/users.py); the password arrives already hashed.
MERGE (u:User {userId: $userId})
SET u.role = $role, u.organizationOid = $organizationOid, u.district = $district,
    u.source = $source,
    u.passwordHash = $passwordHash, u.updatedAt = datetime()
RETURN u.userId AS userId
