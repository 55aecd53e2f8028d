"""Consent per purpose: a timeline of events on the person's stream, and its read table."""
