"""Storage: the schema, writes and reads, for SQLite and PostgreSQL."""
