"""Follow-up of a mission under way: meetings and their schedule, incidents, mandatory
trainings, the end-of-mission review; the page of follow-ups due and overdue."""
