"""Who may do what, in every service: staff members and their tokens as each service
knows them from the account events of stakeholders, and the role → permission table."""
