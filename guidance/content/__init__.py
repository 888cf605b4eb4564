"""Reading and validating ``content/`` once per process; the national model's roles, phases and steps."""
