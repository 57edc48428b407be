// Confirmed quality results (optionally of some entries only).
MATCH (q:QualityReview)
WHERE $tumorIds IS NULL OR q.tumorId IN $tumorIds
RETURN q {.*} AS review
