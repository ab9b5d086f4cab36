"""Tests of newsdossier.surfaces."""
