"""The `argan` command: run everything embedded, or one service's web or worker."""
from __future__ import annotations

import argparse
import getpass
import os
import signal
import sys
import threading

from shared import logs
from shared.settings import SERVICES, Settings, SettingsError

from .catalogue import composition_root


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="argan", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="all services in one process (SQLite, in-process broker)")
    run.add_argument("--host", default="127.0.0.1")
    run.add_argument("--port", type=int, default=8000)
    run.add_argument("--var", default="var", help="folder for the databases and secrets")

    web = sub.add_parser("web", help="one service's web app under gunicorn")
    web.add_argument("service", choices=SERVICES)
    web.add_argument("--bind", default=os.environ.get("BIND", "0.0.0.0:8000"))
    web.add_argument("--workers", type=int, default=None,
                     help="processes (default: the config's, WEB_CONCURRENCY or 2)")
    web.add_argument("--config", default=os.environ.get("GUNICORN_CONFIG"),
                     help="gunicorn settings file (default: deploy/gunicorn.conf.py)")

    worker = sub.add_parser("worker", help="one service's relay and consumers")
    worker.add_argument("service", choices=SERVICES)

    perms = sub.add_parser("broker-permissions",
                           help="print the rabbitmqctl commands of a service's broker account")
    perms.add_argument("service", choices=SERVICES)
    perms.add_argument("--user", help="the broker user (default: the service's name)")
    perms.add_argument("--vhost", default="/")

    accounts = sub.add_parser("broker-accounts",
                              help="create every service's broker account (management API)")
    accounts.add_argument("--management-url",
                          default=os.environ.get("RABBITMQ_MANAGEMENT_URL",
                                                 "http://127.0.0.1:15672"))
    accounts.add_argument("--vhost", default="/")

    mig = sub.add_parser("migrate", help="apply the Alembic migrations of services")
    mig.add_argument("services", nargs="*", metavar="SERVICE", help=", ".join(SERVICES))

    admin = sub.add_parser("create-admin", help="create a staff account with the admin role")
    admin.add_argument("--email", required=True)
    admin.add_argument("--name", default="Administrateur")
    admin.add_argument("--var", default=None,
                       help="the embedded mode's folder (else STAKEHOLDERS_DATABASE_URL)")

    rebuild = sub.add_parser("rebuild", help="rebuild a service's projected tables from the "
                                             "event feeds of its sources")
    rebuild.add_argument("service", choices=("reporting",))

    args = parser.parse_args(argv)
    # JSON lines for the production processes; text for the embedded mode (LOG_FORMAT wins).
    logs.configure(getattr(args, "service", None),
                   os.environ.get("LOG_FORMAT") or ("text" if args.command == "run" else "json"))
    try:
        COMMANDS[args.command](args)
    except SettingsError as exc:
        sys.exit(f"argan: {exc}")


def _run(args) -> None:
    from .embedded import run_embedded
    run_embedded(args.var, args.host, args.port)


def _web(args) -> None:
    from .gunicorn_app import default_config, serve
    settings = Settings.from_env(args.service)  # ARGAN_PROXY_HOPS: the proxies trusted
    config = args.config or default_config()
    workers = args.workers or (None if config else int(os.environ.get("WEB_CONCURRENCY", "2")))
    serve(args.service, settings, bind=args.bind, workers=workers, config=config)


def _worker(args) -> None:
    settings = Settings.from_env(args.service)
    root = composition_root(args.service)
    if not hasattr(root, "create_worker"):
        sys.exit(f"argan: {args.service} has no worker yet")
    worker = root.create_worker(settings)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    worker.start()
    try:
        stop.wait()
    except KeyboardInterrupt:
        pass
    finally:
        worker.stop()


def _broker_permissions(args) -> None:
    """The account may publish only the service's own events (see shared.messaging.permissions);
    reads the exchange and queue prefix from the environment like `argan worker`."""
    import shlex

    from shared.messaging.permissions import service_permissions
    from shared.messaging.topology import Topology
    topology = Topology(exchange=os.environ.get("ARGAN_EXCHANGE", "argan.events"),
                        queue_prefix=os.environ.get("ARGAN_QUEUE_PREFIX", ""))
    user = args.user or args.service
    print(f"rabbitmqctl add_user {shlex.quote(user)} <password>")
    for command in service_permissions(topology, args.service).rabbitmqctl(user, args.vhost):
        print(shlex.join(["rabbitmqctl", *command]))
    print(f"# then give {args.service} {args.service.upper()}_AMQP_URL=amqp://{user}:...@host/")


def _broker_accounts(args) -> None:
    """One account per service, allowed what its worker needs (docker compose runs this
    once the broker is up). Passwords from <SERVICE>_BROKER_PASSWORD; the administrator's
    from RABBITMQ_ADMIN_USER / RABBITMQ_ADMIN_PASSWORD."""
    import requests

    from shared.messaging.permissions import apply_with_management_api, service_permissions
    from shared.messaging.topology import Topology
    topology = Topology(exchange=os.environ.get("ARGAN_EXCHANGE", "argan.events"),
                        queue_prefix=os.environ.get("ARGAN_QUEUE_PREFIX", ""))
    session = requests.Session()
    session.auth = (_need("RABBITMQ_ADMIN_USER"), _need("RABBITMQ_ADMIN_PASSWORD"))
    for service in SERVICES:
        apply_with_management_api(session, args.management_url, service,
                                  _need(f"{service.upper()}_BROKER_PASSWORD"),
                                  service_permissions(topology, service), args.vhost)
        print(f"{service}: broker account ready")


def _need(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        raise SettingsError(f"{name} must be set in the environment")
    return value


def _migrate(args) -> None:
    for service in args.services or SERVICES:
        composition_root(service).migrate(Settings.from_env(service))
        print(f"{service}: migrated")


def _create_admin(args) -> None:
    from .stakeholders.accounts import create_admin
    from shared.db import make_engine
    if args.var:
        from .embedded import embedded_settings
        url = embedded_settings(args.var)["stakeholders"].database_url
    else:
        url = Settings.from_env("stakeholders").database_url
    password = os.environ.get("ARGAN_ADMIN_PASSWORD") or getpass.getpass("Password: ")
    engine = make_engine(url)
    try:
        create_admin(engine, args.email, password, args.name)
    except ValueError as exc:  # a weak password, a taken email: said plainly, no traceback
        raise SystemExit(f"admin account not created: {exc}") from None
    finally:
        engine.dispose()
    print(f"admin account {args.email} created")


def _rebuild(args) -> None:
    """Replays every source's feed into reporting's emptied tables (with a progress bar);
    a worker running meanwhile waits, then goes on from where the replay stopped."""
    from shared.db import make_engine
    from .reporting.app import http_feeds
    from .reporting.rebuild import rebuild, text_progress
    settings = Settings.from_env(args.service)
    engine = make_engine(settings.database_url)
    try:
        replayed = rebuild(engine, http_feeds(settings), text_progress(sys.stderr))
    finally:
        engine.dispose()
    print(", ".join(f"{source}: {n} events" for source, n in replayed.items()))


COMMANDS = {"run": _run, "web": _web, "worker": _worker, "migrate": _migrate,
            "create-admin": _create_admin, "rebuild": _rebuild,
            "broker-permissions": _broker_permissions, "broker-accounts": _broker_accounts}


if __name__ == "__main__":
    main()
