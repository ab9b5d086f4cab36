"""What users touch: the command line, exports and the web app."""
