"""Extractors of facts from one parsed article field: events, quotes, roles, memberships, votes."""
