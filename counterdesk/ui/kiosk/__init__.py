"""kiosk mode."""
