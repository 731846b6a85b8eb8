"""The crisis card's forms, one module per area (requests, plan, parties, cards, sharing, portal)."""
