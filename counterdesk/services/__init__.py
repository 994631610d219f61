"""Use cases: each runs in one unit of work and raises domain errors. The only writers."""
