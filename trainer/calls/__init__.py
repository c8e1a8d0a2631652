"""QA call scoring: real call recordings and transcripts scored by the same engine (no Flask)."""
