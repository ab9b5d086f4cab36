"""Tests of newsdossier.ingest."""
