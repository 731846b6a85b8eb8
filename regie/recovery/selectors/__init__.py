"""Read-only queries of recovery, one module per area (cases, client)."""
