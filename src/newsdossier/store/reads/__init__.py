"""Reads of the store returning plain JSON-ready records."""
