"""Tests of newsdossier.store."""
