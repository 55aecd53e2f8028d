"""`make backup` / `make restore` run deploy/backup.sh and deploy/restore.sh: reporting's
database restored from an older backup, its consumer catches up from the feeds and the
set is consistent again (every person once, the position at stakeholders' end)."""
from __future__ import annotations

import subprocess

from sqlalchemy import text

from shared.settings import SERVICES
from shared.testing.processes import wait_for

from .conftest import DEPLOY


def _run(script: str, *args, env) -> str:
    done = subprocess.run([str(DEPLOY / script), *map(str, args)], env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


def _reporting(production, query: str):
    with production.engines["reporting"].connect() as conn:
        return conn.execute(text(query)).all()


def test_a_restored_consumer_catches_up_and_the_set_is_consistent(production, tmp_path):
    start = production.reported_total()
    for _ in range(2):
        production.register()
    assert wait_for(lambda: production.reported_total() == start + 2, 15)
    out = _run("backup.sh", tmp_path, env=production.env)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"{s}.dump" for s in SERVICES)
    assert out.index("reporting") < out.index("stakeholders")   # consumers before sources

    for _ in range(3):                                           # after the backup
        production.register()
    assert wait_for(lambda: production.reported_total() == start + 5, 15)

    worker = production.processes["reporting-worker"]
    worker.stop()
    _run("restore.sh", tmp_path, "reporting", env=production.env)
    assert production.reported_total() == start + 2             # as it was at the backup
    worker.start()
    assert wait_for(lambda: production.reported_total() == start + 5, 20), production.explain()

    last = production.last_position()
    applied = _reporting(production, "SELECT position FROM consumer_positions WHERE "
                         "consumer = 'reporting' AND source = 'stakeholders'")
    assert applied == [(last,)]
    people = _reporting(production, "SELECT person_id FROM reporting_people")
    assert len(people) == len(set(people)) == production.reported_total()


def test_a_restore_of_a_missing_backup_says_so(production, tmp_path):
    done = subprocess.run([str(DEPLOY / "restore.sh"), str(tmp_path), "reporting"],
                          env=production.env, capture_output=True, text=True, timeout=30)
    assert done.returncode == 2 and "no " in done.stderr
