"""Project-level tests that need more than one app."""
