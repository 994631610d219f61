"""Digitising papers at the counter: the capture screen and its page strip."""
