"""Outbox, portal client, sync engine, payload mapping, portal simulator."""
