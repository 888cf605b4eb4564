"""Databases through SQLAlchemy: the workshop store."""
