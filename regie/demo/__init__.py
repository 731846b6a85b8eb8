"""Demo data: `manage.py seed_demo` and one builder module per area.

Not installed with production settings (decisions/0029).
"""
