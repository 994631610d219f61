"""Helpers shared by tests (assertions, store fingerprints, child processes)."""

# The demo accounts' password in test stores (conftest sets COUNTERDESK_DEMO_PASSWORD to it; the
# subprocesses of e2e tests inherit it). Never the one a real store gets: that one is random.
DEMO_PASSWORD = "thu-Nghiem-2026"
