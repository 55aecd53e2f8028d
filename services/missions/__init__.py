"""The missions service: volunteer missions and their follow-up (services/missions/app.py)."""
