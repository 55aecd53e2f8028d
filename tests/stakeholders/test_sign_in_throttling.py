"""Guessing one account's password holds up nobody else (issue 8.4), and parallel guesses
are counted atomically on PostgreSQL: 40 at once get at most the free attempts checked."""
from __future__ import annotations

import datetime as dt
import threading

from services.stakeholders import accounts
from services.stakeholders.accounts import open_staff_account
from services.stakeholders.staff.credentials import FREE_FAILURES, SLOW_FROM
from shared.testing.web import csrf_token

GOOD = "Taliouine-safran-2026"
OTHER = "Agadir-argan-2026-x"


def form(client):
    return csrf_token(client.get("/stakeholders/sign-in").get_data(as_text=True))


def attempt(client, email, password, address, token=None):
    return client.post("/stakeholders/sign-in", environ_base={"REMOTE_ADDR": address}, data={
        "email": email, "password": password, "csrf_token": token or form(client)})


def test_another_account_still_signs_in_while_one_is_being_guessed(stakeholders_app, client,
                                                                  engine, monkeypatch):
    instant = dt.datetime.now(dt.timezone.utc)  # the guesses come faster than the delays
    monkeypatch.setattr(accounts, "now", lambda: instant)
    open_staff_account(engine, "cible@argan.test", GOOD, "Cible")
    open_staff_account(engine, "collegue@argan.test", OTHER, "Collègue")
    attacker = stakeholders_app.test_client()
    statuses = [attempt(attacker, "cible@argan.test", f"guess-{i}", "10.0.0.66").status_code
                for i in range(20)]
    assert statuses.count(401) == FREE_FAILURES and set(statuses) == {401, 429}
    # and past the address's limit, spraying other accounts from the same address
    sprayed = [attempt(attacker, f"staff{i}@argan.test", "guess", "10.0.0.66").status_code
               for i in range(SLOW_FROM["address"])]
    assert set(sprayed) == {401}
    # a colleague behind the same address, and the target from elsewhere, both sign in
    colleague = stakeholders_app.test_client()
    assert attempt(colleague, "collegue@argan.test", OTHER, "10.0.0.66").status_code == 302
    target = stakeholders_app.test_client()
    assert attempt(target, "cible@argan.test", GOOD, "192.0.2.10").status_code == 302
    assert target.get("/stakeholders/").status_code == 200


def test_forty_parallel_wrong_attempts_get_at_most_the_free_checks(stakeholders_app, client,
                                                                  engine, monkeypatch):
    open_staff_account(engine, "cible@argan.test", GOOD, "Cible")
    checks, lock = [], threading.Lock()
    real_verify = accounts.verify_password

    def counting_verify(stored_hash, password):
        with lock:
            checks.append(password)
        return real_verify(stored_hash, password)

    monkeypatch.setattr(accounts, "verify_password", counting_verify)
    # all 40 arrive at one instant: on a loaded machine some threads would otherwise start
    # after the first delay (1 s) is over, and rightly be checked
    instant = dt.datetime.now(dt.timezone.utc)
    monkeypatch.setattr(accounts, "now", lambda: instant)
    clients = [stakeholders_app.test_client() for _ in range(40)]
    tokens = [form(c) for c in clients]
    start, statuses = threading.Barrier(40), []

    def guess(i):
        start.wait()
        response = attempt(clients[i], "cible@argan.test", f"guess-{i}", "10.0.0.99", tokens[i])
        with lock:
            statuses.append(response.status_code)

    threads = [threading.Thread(target=guess, args=(i,)) for i in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert len(statuses) == 40 and set(statuses) <= {401, 429}
    assert len(checks) <= FREE_FAILURES, len(checks)
    assert statuses.count(401) == len(checks)
    print(f"\n40 parallel wrong attempts: {len(checks)} password checks (limit {FREE_FAILURES})")
