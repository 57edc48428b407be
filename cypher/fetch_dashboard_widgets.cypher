// One user's dashboard widgets in display order.
MATCH (w:DashboardWidget {userId: $userId})
RETURN w.widgetId AS widgetId, w.userId AS userId, w.title AS title, w.kind AS kind,
       w.indicator AS indicator, w.config AS config, w.position AS position
ORDER BY w.position, w.createdAt
