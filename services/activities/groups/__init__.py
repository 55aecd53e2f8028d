"""Group registration: a whole group at once (people picked, an association's current
members from the replica, a segment of stakeholders read from its API); capacity applies,
the rest go on the waitlist in order, those already registered are skipped and named."""
