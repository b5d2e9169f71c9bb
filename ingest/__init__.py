"""Ingest: config, fetching (one HTTP client), extraction (trafilatura) and the SQLite store."""
