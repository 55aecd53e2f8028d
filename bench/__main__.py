"""`make bench`: every benchmark, each figure beside its raw baseline from the same run."""
from bench import eventstore, messaging, stakeholders

if __name__ == "__main__":
    eventstore.main()
    messaging.main()
    stakeholders.main()
