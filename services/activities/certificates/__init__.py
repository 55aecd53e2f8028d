"""Attendance certificates (attestations de présence): one PDF per participant, with the
hours actually attended."""
