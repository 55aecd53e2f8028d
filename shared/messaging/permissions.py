"""Each service's own broker account, allowed to publish only where its relay publishes.

RabbitMQ permissions are regular expressions on resource names (configure, write, read);
topic permissions restrict, on the events exchange, the routing keys a user may publish with
(write) and bind its queues with (read). A service's account may:

- declare the shared exchanges and its own queues (`<prefix><service>.*`);
- publish on the events exchange with routing keys `<service>.*` only, and dead letters;
- bind its queues to any service's events and read them.

`argan broker-permissions SERVICE` prints the rabbitmqctl commands; the service then gets
`<SERVICE>_AMQP_URL` with that account. Without it every service shares AMQP_URL (guest in
the embedded mode and the tests).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .topology import Topology


@dataclass(frozen=True)
class Permissions:
    configure: str
    write: str
    read: str
    exchange: str        # the topic exchange the topic permissions are on
    topic_write: str
    topic_read: str

    def rabbitmqctl(self, user: str, vhost: str = "/") -> list[list[str]]:
        """The arguments of the rabbitmqctl commands granting these to `user`."""
        return [["set_permissions", "-p", vhost, user, self.configure, self.write, self.read],
                ["set_topic_permissions", "-p", vhost, user, self.exchange, self.topic_write,
                 self.topic_read]]


def service_permissions(topology: Topology, service: str) -> Permissions:
    exchanges = [re.escape(name) for name in (topology.exchange,
                                              topology.unrouted_exchange_name,
                                              topology.dead_letter_exchange_name)]
    own_queues = re.escape(f"{topology.queue_prefix}{service}.") + ".*"
    declared = dict.fromkeys([*exchanges, re.escape(topology.unrouted_queue_name), own_queues])
    return Permissions(
        configure=f"^({'|'.join(declared)})$",
        write=f"^({'|'.join(declared)})$",
        read=f"^({'|'.join([*exchanges, own_queues])})$",
        exchange=topology.exchange,
        topic_write=f"^{re.escape(service + '.')}",
        topic_read=".*",
    )


def apply_with_management_api(session, management_url: str, user: str, password: str,
                              permissions: Permissions, vhost: str = "/") -> None:
    """Create (or update) `user` with `permissions` through RabbitMQ's management HTTP API
    (what `argan broker-accounts` does for docker compose and Kubernetes). `session`: a
    requests.Session authenticated as a broker administrator. Idempotent: PUTs."""
    from urllib.parse import quote

    base = management_url.rstrip("/") + "/api"
    v, u = quote(vhost, safe=""), quote(user, safe="")
    for path, body in (
            (f"/users/{u}", {"password": password, "tags": ""}),
            (f"/permissions/{v}/{u}", {"configure": permissions.configure,
                                       "write": permissions.write, "read": permissions.read}),
            (f"/topic-permissions/{v}/{u}", {"exchange": permissions.exchange,
                                             "write": permissions.topic_write,
                                             "read": permissions.topic_read})):
        response = session.put(base + path, json=body, timeout=10)
        response.raise_for_status()
