// Closed deadline clocks (met or missed) due in [$from, $to], counted per rule, district
// and month: the timeliness indicator (domain.md §7) is met / (met + missed).
MATCH (p:Passport)-[:HAS_DEADLINE]->(d:Deadline)
WHERE d.dueOn >= $from AND d.dueOn <= $to AND d.state IN ['met', 'missed']
RETURN d.rule AS rule, d.state AS state, p.district AS district,
       d.dueOn.year * 100 + d.dueOn.month AS month, count(*) AS deadlines
