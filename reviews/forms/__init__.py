"""A review's forms, one module per sub-domain (import the module you need)."""
