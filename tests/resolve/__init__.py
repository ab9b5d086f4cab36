"""Tests of newsdossier.resolve."""
