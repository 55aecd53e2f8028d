"""Facilitators and consultants: terms of reference for hiring a consultant, the
applications scored against weighted criteria, the choice, and the assessment of the work."""
