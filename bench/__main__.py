"""`make bench`: every benchmark, each figure beside its baseline from the same run."""
from bench import activities, command, eventstore, messaging, reporting, stakeholders

if __name__ == "__main__":
    command.main()
    eventstore.main()
    messaging.main()
    stakeholders.main()
    activities.main()
    reporting.main()
