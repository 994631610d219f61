"""CounterDesk: the one-stop counter application for Vietnamese commune public service centres."""

__version__ = "0.1.0"
