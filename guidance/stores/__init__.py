"""Databases through SQLAlchemy: the workshop and follow-up stores, and their schema migrations (migrate.py)."""
