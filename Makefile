# The two commands a newcomer needs: `make run` and `make test`. `make help` lists the rest.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
SIM_PORT ?= 8765
export DIRECTORY_SIMULATOR_URL ?= http://127.0.0.1:$(SIM_PORT)
# Links in e-mails point at the port the platform runs on (unless DJANGO_SITE_URL is set).
SITE_HOST := $(if $(filter 0.0.0.0 ::,$(HOST)),127.0.0.1,$(HOST))
export DJANGO_SITE_URL ?= http://$(SITE_HOST):$(PORT)

.PHONY: help run test venv install install-dev migrate seed worker beat lint format messages browser clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

venv: $(PY) ## Create the virtual environment (.venv)

install: $(PY) ## Install the runtime dependencies
	$(PIP) install --quiet -r requirements.txt

install-dev: $(PY) ## Install runtime and test dependencies
	$(PIP) install --quiet -r requirements-dev.txt

migrate: install ## Apply database migrations
	$(PY) manage.py migrate --noinput

seed: migrate ## Load the demo network (idempotent)
	$(PY) manage.py seed_demo

run: migrate ## Run the platform with demo data on http://127.0.0.1:8000 (PORT=... to change)
	@$(PY) manage.py seed_demo --if-empty
	@bash scripts/run.sh $(HOST) $(PORT) $(SIM_PORT)

worker: ## Run a Celery worker (needs CELERY_BROKER_URL)
	$(VENV)/bin/celery -A franchise_platform worker --loglevel=INFO

beat: ## Run Celery beat (needs CELERY_BROKER_URL)
	$(VENV)/bin/celery -A franchise_platform beat --loglevel=INFO

browser: ## Install Chromium for the browser tests when missing (Debian/Ubuntu, as root)
	@bash scripts/ensure_chromium.sh

test: install-dev browser ## Run the whole test suite (lint and security checks first)
	$(VENV)/bin/ruff check --quiet .
	$(VENV)/bin/bandit --quiet -c pyproject.toml -r . --severity-level high
	$(PY) manage.py makemigrations --check --dry-run > /dev/null
	@rc=0; $(PY) -m pytest $(PYTEST_ARGS) || rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests"; exit 0; fi; exit $$rc

lint: install-dev ## Lint with ruff
	$(VENV)/bin/ruff check .

format: install-dev ## Format with ruff
	$(VENV)/bin/ruff format .

APPS_WITH_CATALOGUES := budgets listings reporting forum messaging
messages: ## Update and compile the French and English catalogues (project and per app)
	$(PY) manage.py makemessages -l fr -l en --ignore=.venv --ignore=staticfiles --ignore=tests --ignore=bench \
		$(foreach app,$(APPS_WITH_CATALOGUES),--ignore=$(app))
	for app in $(APPS_WITH_CATALOGUES); do (cd $$app && ../$(PY) ../manage.py makemessages -l fr -l en); done
	$(PY) manage.py compilemessages --ignore=.venv

clean: ## Remove the local database, media and caches
	rm -rf db.sqlite3 media staticfiles var .pytest_cache
