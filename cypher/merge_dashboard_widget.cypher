// Create or update one user's dashboard widget (the whole configuration travels as JSON).
MERGE (w:DashboardWidget {widgetId: $widgetId})
ON CREATE SET w.userId = $userId, w.createdAt = datetime()
WITH w WHERE w.userId = $userId
SET w.title = $title, w.kind = $kind, w.indicator = $indicator, w.config = $config,
    w.position = $position, w.updatedAt = datetime()
RETURN w.widgetId AS widgetId, w.userId AS userId, w.title AS title, w.kind AS kind,
       w.indicator AS indicator, w.config AS config, w.position AS position
