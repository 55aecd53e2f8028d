# The two commands a newcomer types: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# `make run PORT=8100 VAR=var-demo`: another port, another folder for the databases and secrets
PORT ?= 8000
VAR ?= var

LOCK := requirements.lock
# Every extra (test, bench…), for every platform and Python >= 3.11, each file with its hashes.
COMPILE := uv pip compile pyproject.toml --all-extras --universal --python-version 3.11 \
	--generate-hashes --quiet -o $(LOCK)
PO := shared/web/translations/fr/LC_MESSAGES/messages.po
# Arabic: the pages participants use without an account (self sign-in, evaluations)
PO_AR := shared/web/translations/ar/LC_MESSAGES/messages.po
MO := $(PO:.po=.mo) $(PO_AR:.po=.mo)

.PHONY: run test bench install migrate lint up down backup restore clean translations lock \
	lock-upgrade

run: $(STAMP) $(MO)
	$(BIN)/argan run --port $(PORT) --var $(VAR)

test: $(STAMP) $(MO)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# the lock holds every extra, bench's `eventsourcing` included
bench: $(STAMP) $(MO)
	$(BIN)/python -m bench

install: $(STAMP) $(MO)

# messages.po is the source translators edit (Poedit, Weblate); the .mo is built from it.
shared/web/translations/%/LC_MESSAGES/messages.mo: shared/web/translations/%/LC_MESSAGES/messages.po $(STAMP)
	$(BIN)/pybabel compile --use-fuzzy -d shared/web/translations -l $*

# After adding or changing messages in code or templates: extract, merge into the .po, then
# translate the new (empty) entries; tests/web/test_translations.py fails while one is empty.
translations: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k N_ --no-location \
		-o shared/web/translations/messages.pot .
	for lang in fr ar; do $(BIN)/pybabel update -i shared/web/translations/messages.pot \
		-d shared/web/translations -l $$lang --width 100 --no-fuzzy-matching; done
	rm shared/web/translations/messages.pot

# The whole tree from the lock, every file checked against its hash; then the project itself
# (no dependency of its own left to fetch). `pip check` fails when pyproject.toml asks for
# something the lock lacks: run `make lock`.
$(STAMP): pyproject.toml $(LOCK)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip setuptools
	$(BIN)/pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	$(BIN)/pip check
	touch $(STAMP)

# After changing the dependencies in pyproject.toml: pins what they need, keeping the
# versions already locked where they still fit. `make lock-upgrade` moves all to the newest.
lock: $(VENV)/bin/uv
	$(BIN)/$(COMPILE)

lock-upgrade: $(VENV)/bin/uv
	$(BIN)/$(COMPILE) --upgrade

$(VENV)/bin/uv:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet uv

migrate: $(STAMP)
	$(BIN)/argan migrate

lint: $(STAMP)
	$(BIN)/python -m compileall -q shared services tests

# Production on one machine (docker-compose.yml, docs/production.md): the secrets go into
# .env on first use (random, kept afterwards), then everything starts in the background.
up:
	deploy/make-env.sh .env
	docker compose up --detach --build

down:
	docker compose down

# Every service's database into backups/<UTC time>/ (pg_dump custom format); restore one
# with `make restore FROM=backups/<time> [SERVICES="reporting"]` (docs/production.md).
BACKUP_DIR ?= backups/$(shell date -u +%Y%m%dT%H%M%SZ)
backup:
	docker compose --profile tools run --rm db-tools /deploy/backup.sh /$(BACKUP_DIR)

restore:
	@test -n "$(FROM)" || { echo "make restore FROM=backups/<time> [SERVICES=...]"; exit 2; }
	docker compose stop $(foreach s,$(or $(SERVICES),stakeholders activities missions reporting),$(s)-worker)
	docker compose --profile tools run --rm db-tools /deploy/restore.sh /$(FROM) $(SERVICES)
	docker compose start $(foreach s,$(or $(SERVICES),stakeholders activities missions reporting),$(s)-worker)

clean:
	rm -rf $(VENV) var
