"""gunicorn settings of every Argan web process: `argan web SERVICE --config
deploy/gunicorn.conf.py` (or GUNICORN_CONFIG=...). Each choice and why.

- worker_class gthread, `workers` processes x `threads` threads. The requests are short and
  wait on PostgreSQL (and WeasyPrint for the PDFs, which holds the GIL): threads overlap the
  waits, processes use the cores and survive one another's crash. 2 x 4 per service fits a
  2-core server running the four services (8 concurrent requests each, 32 in all, under
  PostgreSQL's 100 connections with the workers'); raise WEB_CONCURRENCY with the cores,
  (2 x cores) / services is a fair start.
- timeout 60: with gthread it is the time a worker may stop reporting (its main loop stuck)
  before the master kills and replaces it. It is above nginx's proxy_read_timeout (60 s,
  deploy/nginx) only by the grace of the clock: a request nginx gave up on is not kept.
- graceful_timeout 25: on SIGTERM (docker stop, a Kubernetes rollout) the master stops
  accepting, lets the requests under way finish for up to 25 s, then stops; below the 30 s
  that docker and Kubernetes wait before they SIGKILL. SIGHUP reloads the code and the
  settings by starting new workers before the old ones leave (a graceful restart).
- max_requests 2000 (+ up to 200 of jitter, so the workers do not all restart at once):
  a worker is replaced now and then, so a slow leak never grows.
- keepalive 5: nginx keeps its connections to the web open between requests.
- worker_tmp_dir /dev/shm: the workers' heartbeat files on memory, not a container's disk.
- No preload: each worker makes its app after the fork, with connections of its own.
- Metrics: prometheus-client's multiprocess mode. Each process counts in files under
  PROMETHEUS_MULTIPROC_DIR (a fresh directory per master unless set; emptied at start,
  a dead worker's files marked) and a scrape, whichever process answers it, adds them up.
"""
import os
import shutil
import tempfile

workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "gthread"
threads = int(os.environ.get("WEB_THREADS", "4"))
timeout = 60
graceful_timeout = 25
keepalive = 5
max_requests = 2000
max_requests_jitter = 200
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
preload_app = False
accesslog = "-"
errorlog = "-"

# Before any worker imports prometheus-client (it reads this once, at import).
os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", tempfile.mkdtemp(prefix="argan-metrics-"))


def on_starting(server):
    """Before any worker: where the processes count their metrics, empty."""
    path = os.environ["PROMETHEUS_MULTIPROC_DIR"]
    shutil.rmtree(path, ignore_errors=True)   # counts of a previous master are not ours
    os.makedirs(path, exist_ok=True)


def child_exit(server, worker):
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
