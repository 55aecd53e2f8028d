"""The missions service (a placeholder for now: see services/placeholder.py)."""
