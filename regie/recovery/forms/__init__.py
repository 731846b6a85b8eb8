"""Recovery forms, one module per area (cases, client, family, meetings, wheel)."""
