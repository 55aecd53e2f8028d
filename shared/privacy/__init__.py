"""Privacy across the set: erasure of a person honoured by every service, and the right of
access gathered from every service (DOMAIN.md, DESIGN.md)."""
