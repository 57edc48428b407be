// Notifications the principal may see, newest first, keyset-paginated on
// (createdOn DESC, notificationId ASC); `read` is per user ($userId in readBy).
// $organizationOid of the scope binds clinicians to their organisation;
// $filterOrganization narrows the list for anyone.
MATCH (n:Notification)
WHERE ($role = 'admin'
       OR ($role = 'coordinator' AND ($district IS NULL OR n.district = $district))
       OR ($role = 'clinician' AND $organizationOid IN n.organizationOids))
  AND ($filterOrganization IS NULL OR $filterOrganization IN n.organizationOids)
  AND ($patientId IS NULL OR n.patientId = $patientId)
  AND (NOT $unreadOnly OR NOT $userId IN n.readBy)
  AND ($afterCreatedOn IS NULL OR n.createdOn < $afterCreatedOn
       OR (n.createdOn = $afterCreatedOn AND n.notificationId > $afterId))
WITH n ORDER BY n.createdOn DESC, n.notificationId ASC LIMIT $limit
RETURN n {.notificationId, .patientId, .kind, .severity, .title, .text, .eventOn,
          .createdOn, .subject, .district, .organizationOids} AS notification,
       $userId IN n.readBy AS read
