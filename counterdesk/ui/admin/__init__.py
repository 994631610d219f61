"""admin mode."""
