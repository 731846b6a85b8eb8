"""Demo builders for the coordination areas, one module per area."""
