// Patients that lost the :Passport label but still carry a derived pathway layer.
MATCH (p:Patient)
WHERE NOT p:Passport AND (p.routeLength IS NOT NULL OR EXISTS { (p)-[:HAS_DEADLINE|HAS_GAP]->() })
RETURN p.patientId AS patientId
