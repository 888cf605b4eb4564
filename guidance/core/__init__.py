"""Base models (Frozen, Text, Sourced), formatting, languages and search: used by every other part."""
