"""Widgets and helpers shared by the modes."""
