"""The ingest stage: reading files, cleaning text, publication dates, duplicates."""
