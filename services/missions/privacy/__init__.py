"""The right of access: what missions holds about a person."""
