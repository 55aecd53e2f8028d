"""The admin's privacy desk: the erasure register with each service's confirmation, the
right of access gathered from every service, and the people proposed for erasure after the
retention period."""
