"""dispenser mode."""
