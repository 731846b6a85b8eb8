"""Django's SQLite backend, plus `PRAGMA optimize` before a connection closes (core.dbstats)."""
