"""Staff accounts: owned by stakeholders, event-sourced, learnt by every service from events."""
