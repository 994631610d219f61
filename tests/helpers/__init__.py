"""Helpers shared by tests (assertions, store fingerprints, child processes)."""
