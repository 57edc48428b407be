// Remove one of the user's own widgets; returns how many were removed (0 or 1).
MATCH (w:DashboardWidget {widgetId: $widgetId, userId: $userId})
USING INDEX SEEK w:DashboardWidget(widgetId)
WITH w, w.widgetId AS widgetId
DETACH DELETE w
RETURN count(widgetId) AS removed
