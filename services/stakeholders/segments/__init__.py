"""Segments: saved list queries over people, run for a consent purpose and exported."""
