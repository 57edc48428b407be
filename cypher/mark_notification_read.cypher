// Mark one notification read by $userId, if the principal may see it; returns it.
MATCH (n:Notification {notificationId: $notificationId})
USING INDEX SEEK n:Notification(notificationId)
WHERE $role = 'admin'
   OR ($role = 'coordinator' AND ($district IS NULL OR n.district = $district))
   OR ($role = 'clinician' AND $organizationOid IN n.organizationOids)
SET n.readBy = CASE WHEN $userId IN n.readBy THEN n.readBy ELSE n.readBy + $userId END
RETURN n {.notificationId, .patientId, .kind, .severity, .title, .text, .eventOn,
          .createdOn, .subject, .district, .organizationOids} AS notification,
       true AS read
