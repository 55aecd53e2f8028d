# The two commands a newcomer types: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

PO := shared/web/translations/fr/LC_MESSAGES/messages.po
MO := $(PO:.po=.mo)

.PHONY: run test bench install migrate lint up clean translations

run: $(STAMP) $(MO)
	$(BIN)/argan run

test: $(STAMP) $(MO)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: $(STAMP) $(MO)
	$(BIN)/python -m bench

install: $(STAMP) $(MO)

# messages.po is the source translators edit (Poedit, Weblate); the .mo is built from it.
$(MO): $(PO) $(STAMP)
	$(BIN)/pybabel compile --use-fuzzy -d shared/web/translations -l fr

# After adding or changing messages in code or templates: extract, merge into the .po, then
# translate the new (empty) entries; tests/web/test_translations.py fails while one is empty.
translations: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k N_ --no-location \
		-o shared/web/translations/messages.pot .
	$(BIN)/pybabel update -i shared/web/translations/messages.pot -d shared/web/translations \
		-l fr --width 100 --no-fuzzy-matching
	rm shared/web/translations/messages.pot

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
