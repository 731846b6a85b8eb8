"""Home-page sections for workload (see regie.core.home)."""
