"""Helpers for the benchmarks: medians, a fresh PostgreSQL database, printing."""
from __future__ import annotations

import os
import re
import statistics
import time
import uuid
from contextlib import contextmanager

from sqlalchemy import text

from shared.db import make_engine

PG_URL = os.environ.get("BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
AMQP_URL = os.environ.get("BENCH_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672//")
RUNS = int(os.environ.get("BENCH_RUNS", "5"))


@contextmanager
def fresh_database(hint: str):
    name = f"argan_bench_{hint}_{uuid.uuid4().hex[:6]}"
    admin = make_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield PG_URL.rsplit("/", 1)[0] + "/" + name
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def rate(count: int, fn) -> float:
    """Operations per second of one run of fn (which performs `count` operations)."""
    start = time.perf_counter()
    fn()
    return count / (time.perf_counter() - start)


def median_rate(count: int, fn, runs: int = RUNS) -> float:
    return statistics.median(rate(count, fn) for _ in range(runs))


def paired_rates(count: int, baseline, ours, runs: int = RUNS) -> tuple[float, float, float]:
    """Medians of baseline and ours, and the median of their per-pair ratios.

    The two alternate, after one warm-up run each, so that a drift of the machine
    (another process, the disk, the cache) weighs on both sides of every ratio."""
    rate(count, baseline), rate(count, ours)
    pairs = [(rate(count, baseline), rate(count, ours)) for _ in range(runs)]
    return (statistics.median(b for b, _ in pairs), statistics.median(o for _, o in pairs),
            statistics.median(o / b for b, o in pairs))


def report(title: str, value: float, unit: str, baseline: float | None = None,
           target: str = "", ratio: float | None = None) -> None:
    line = f"{title:<52} {value:>10,.0f} {unit}"
    if baseline:
        ratio = ratio if ratio is not None else value / baseline
        line += f"   baseline {baseline:>10,.0f}   ratio {ratio:5.2f}x"
    if target:
        line += f"   (target {target}{verdict(target, value, ratio if baseline else None)})"
    print(line, flush=True)


def verdict(target: str, value: float, ratio: float | None) -> str:
    """': met' / ': NOT MET' for a target such as '>= 0.6x', '< 50 ms' or '>= 2,000/s'
    (a target in x is on the ratio, the others on the value); '' when it says no number."""
    match = re.match(r"\s*([<>]=?)\s*([\d,.]+)\s*(x)?", target)
    if not match:
        return ""
    op, number, on_ratio = match.groups()
    measured = ratio if on_ratio else value
    if measured is None:
        return ""
    limit = float(number.replace(",", ""))
    met = {"<": measured < limit, "<=": measured <= limit, ">": measured > limit,
           ">=": measured >= limit}[op]
    return ": met" if met else ": NOT MET"
