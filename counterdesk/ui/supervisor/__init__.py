"""supervisor mode."""
