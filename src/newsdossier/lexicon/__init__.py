"""Word lists, code tables and the actor registry the package ships, read once from ``data/``."""
