"""Ingest: config loading, fetching with trafilatura, extraction and the SQLite store."""
