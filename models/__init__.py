"""Models: pure analyses from an event's documents and config to tidy pandas tables."""
