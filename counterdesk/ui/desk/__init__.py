"""desk mode."""
