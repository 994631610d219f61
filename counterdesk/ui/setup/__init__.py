"""First-run setup wizard (a store without an office)."""
