"""The month calendar of activities: their sessions day by day, filtered like the list."""
