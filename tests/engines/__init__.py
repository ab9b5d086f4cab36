"""Tests of newsdossier.engines."""
