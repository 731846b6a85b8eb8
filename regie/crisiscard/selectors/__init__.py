"""Read-only queries of the crisis card, one module per area (requests, cards)."""
