"""display mode."""
