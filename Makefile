# The two commands a newcomer types: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench install migrate lint up clean

run: $(STAMP)
	$(BIN)/argan run

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: $(STAMP)
	$(BIN)/python -m bench

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

migrate: $(STAMP)
	$(BIN)/argan migrate

lint: $(STAMP)
	$(BIN)/python -m compileall -q shared services tests

up:
	docker compose up --build

clean:
	rm -rf $(VENV) var
