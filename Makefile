# The two commands a newcomer needs: `make run` (serve the demo hub) and `make test` (the whole suite).
# Both build the virtual environment from requirements.lock first and are safe to run again.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/hub
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test setup messages lint test-sqlite test-postgres conformance clean

$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --upgrade pip
	@$(BIN)/python -m pip install --quiet -r requirements.lock
	@touch $(STAMP)

setup: $(STAMP) messages

# Compiled with Babel (pure Python), so no gettext tools are needed on the machine.
messages: $(STAMP)
	@$(BIN)/pybabel compile --domain django --directory locale --statistics 2>&1 | tail -n 1

run: setup
	@$(BIN)/python manage.py migrate --noinput > /dev/null
	@$(BIN)/python manage.py load_demo
	@$(BIN)/python manage.py update_index > /dev/null 2>&1 || true
	@echo
	@echo "  The hub:   http://$(HOST):$(PORT)/   (English /en/, French /fr/)"
	@echo "  The admin: http://$(HOST):$(PORT)/admin/   (user admin, password as printed above)"
	@echo
	@$(BIN)/python manage.py runserver $(HOST):$(PORT)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DJANGO_SETTINGS_MODULE=hub.settings.test $(BIN)/python manage.py check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=hub.settings.test $(BIN)/python manage.py makemigrations --check --dry-run

test-sqlite: setup
	$(BIN)/pytest -n auto
	$(BIN)/pytest -c tests/conformance/pytest.ini tests/conformance

test-postgres: setup
	@if $(BIN)/python -c "import psycopg,sys; psycopg.connect('$(TEST_DATABASE_URL)'.rsplit('/',1)[0] + '/postgres', connect_timeout=3).close()" 2>/dev/null; then \
		DATABASE_URL=$(TEST_DATABASE_URL) $(BIN)/pytest -n auto -m "not browser" && \
		DATABASE_URL=$(TEST_DATABASE_URL) $(BIN)/pytest -c tests/conformance/pytest.ini tests/conformance; \
	elif [ "$$CI" = "true" ]; then \
		echo "PostgreSQL is not reachable at $(TEST_DATABASE_URL), and CI needs it." >&2; exit 1; \
	else \
		echo "PostgreSQL is not reachable at $(TEST_DATABASE_URL): the PostgreSQL run is skipped."; \
	fi

test: lint test-sqlite test-postgres

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
