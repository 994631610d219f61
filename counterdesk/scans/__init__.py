"""Digitisation: turning scanned pages or dropped files into one PDF per dossier component."""
