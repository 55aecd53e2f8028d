"""People who join the list on the day or are not in the directory yet: a person not yet
known is registered in stakeholders through its API (one record, the directory's) and at
once registered here by the id it gives; a walk-in (known or new) is given a place and
marked present from the attendance screen."""
