"""Tests of newsdossier.nlp."""
