"""`make bench`: every benchmark, each figure beside its raw baseline from the same run."""
from bench import eventstore, messaging

if __name__ == "__main__":
    eventstore.main()
    messaging.main()
