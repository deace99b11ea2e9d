# The two commands a newcomer needs: `make run` (serve the demo hub) and `make test` (the whole suite).
# Both build the virtual environment from requirements.lock first and are safe to run again.
# `make help` lists every target.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# The one public base address: links in emails, feeds, the sitemap, the API and .ics files.
BASE_URL ?= http://$(HOST):$(PORT)

.DEFAULT_GOAL := help
.PHONY: help run test setup messages lint test-sqlite test-postgres clean

help: ## list the targets
	@echo "make TARGET, where TARGET is one of:"
	@awk -F ':.*## ' '/^[a-z-]+:.*## / {printf "  %-14s %s\n", $$1, $$2}' $(MAKEFILE_LIST)
	@echo "Variables: HOST, PORT, BASE_URL (make run), TEST_DATABASE_URL (PostgreSQL for make test)."

$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "Installing the Python dependencies into $(VENV) (about a minute the first time)..."
	@$(BIN)/python -m pip install --quiet --upgrade pip
	@$(BIN)/python .ci/pip_progress.py -r requirements.lock
	@touch $(STAMP)

setup: $(STAMP) messages ## build .venv from requirements.lock and compile the French catalogue

# Compiled with Babel (pure Python), so no gettext tools are needed on the machine.
messages: $(STAMP) ## compile the French interface catalogue (locale/fr)
	@$(BIN)/pybabel compile --domain django --directory locale --statistics 2>&1 | tail -n 1

run: setup ## serve the demo hub on http://HOST:PORT (default 127.0.0.1:8000)
	@echo "Preparing the demo database in var/ (migrations and demo content: a minute or two the first time)..."
	@WAGTAILADMIN_BASE_URL=$(BASE_URL) $(BIN)/python manage.py migrate --noinput > /dev/null
	@WAGTAILADMIN_BASE_URL=$(BASE_URL) $(BIN)/python manage.py load_demo
	@$(BIN)/python manage.py update_index > /dev/null 2>&1 || true
	@echo
	@echo "  The hub:   $(BASE_URL)/   (English /en/, French /fr/)"
	@echo "  The admin: $(BASE_URL)/admin/   (user admin: see the account lines above)"
	@echo "  Background jobs run in a worker beside the server (TASKS_BACKEND=immediate: in-process)."
	@echo
	@if [ "$$TASKS_BACKEND" = "immediate" ]; then \
		WAGTAILADMIN_BASE_URL=$(BASE_URL) $(BIN)/python manage.py runserver $(HOST):$(PORT); \
	else WAGTAILADMIN_BASE_URL=$(BASE_URL) $(BIN)/python manage.py db_worker --verbosity 0 & worker=$$!; \
		trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		WAGTAILADMIN_BASE_URL=$(BASE_URL) $(BIN)/python manage.py runserver $(HOST):$(PORT); fi

test: setup ## lint, checks, the suite on SQLite then PostgreSQL, and what could not run
	@$(BIN)/python -m tests.runner lint sqlite postgres

lint: $(STAMP) ## ruff, manage.py check and makemigrations --check
	@$(BIN)/python -m tests.runner lint

test-sqlite: setup ## the pytest and conformance suites on SQLite
	@$(BIN)/python -m tests.runner sqlite

test-postgres: setup ## the same on PostgreSQL (TEST_DATABASE_URL)
	@$(BIN)/python -m tests.runner postgres

clean: ## remove .venv, collected static files and pytest's cache (var/ is kept)
	rm -rf $(VENV) staticfiles .pytest_cache
