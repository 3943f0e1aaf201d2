# The two commands of the README: `make run` (install, migrate, seed, serve) and `make test`.
PYTHON ?= python3.11
VENV   := .venv
PY     := $(VENV)/bin/python
# Tests run on PostgreSQL, the database of record; point DATABASE_URL elsewhere to override.
PORT ?= 8000
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/congress_portal

.PHONY: run test install lint format messages bench

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

# Links in the demo's texts and e-mails point at the port it is served on.
run: install
	$(PY) manage.py migrate --noinput
	PORTAL_BASE_URL=$${PORTAL_BASE_URL:-http://127.0.0.1:$(PORT)} $(PY) manage.py seed_demo
	PORTAL_BASE_URL=$${PORTAL_BASE_URL:-http://127.0.0.1:$(PORT)} $(PY) manage.py runserver 127.0.0.1:$(PORT)

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/lint-imports
	$(PY) tools/format_templates.py --check
	DATABASE_URL=sqlite:///:memory: $(PY) manage.py makemigrations --check --dry-run

# Rewrite Python and templates in the house style (what `make lint` checks).
format: install
	$(PY) -m ruff format .
	$(PY) tools/format_templates.py

test: lint
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} $(PY) -m pytest $(PYTEST_ARGS)

# Re-extract the translatable strings after changing them; then translate and compile.
messages: install
	$(PY) manage.py makemessages -l zh_Hans --ignore=.venv --ignore=static --ignore=bench --ignore=tests --ignore=tools --no-obsolete
	$(PY) manage.py compilemessages -l zh_Hans --ignore=.venv

bench: install
	$(PY) bench/run.py $(BENCH_ARGS)
