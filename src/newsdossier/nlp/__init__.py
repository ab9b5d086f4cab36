"""The language stage: the spaCy pipeline, dates, mentions and the extractors that read a parsed field."""
