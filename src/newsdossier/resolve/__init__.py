"""Resolution across articles: names, people, consolidated events and contradictions."""
