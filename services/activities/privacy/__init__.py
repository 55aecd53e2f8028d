"""The right of access: what activities holds about a person (see shared.privacy.access)."""
