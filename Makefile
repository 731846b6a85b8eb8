# Regie: `make run` to try it, `make test` to check it. Both set up what they need.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

# The first Python 3.12+ on PATH (pyenv shims honour .python-version's 3.13).
PYTHON ?= $(shell for p in python3 python3.13 python3.12 python; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null \
	&& { echo $$p; break; }; done)

.PHONY: help install translations migrate demo run test test-browser lint format check-deploy lock messages bench bench-matching clean

help:
	@echo "make run           set everything up and serve Regie on http://$(HOST):$(PORT)"
	@echo "make test          run the whole test suite (SQLite, or DATABASE_URL)"
	@echo "make lint          ruff, mypy (django-stubs) and a check for missing migrations"
	@echo "make check-deploy  Django's deployment checks with production settings"
	@echo "make lock          regenerate the hashed lock files in requirements/"
	@echo "make messages      extract translatable strings (needs GNU gettext)"
	@echo "make bench         benchmarks that print figures (access log write and verify)"
	@echo "make bench-matching  the matching engine on 10,000 applications, checked against an LP"

$(STAMP): requirements/dev.txt requirements/base.txt
	@test -n "$(PYTHON)" || { echo "Python 3.12 or newer is needed (3.13 preferred)."; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements/dev.txt
	touch $(STAMP)

install: $(STAMP)

translations: $(STAMP)
	$(MANAGE) compile_translations

migrate: $(STAMP)
	$(MANAGE) migrate --no-input

demo: migrate
	$(MANAGE) seed_demo

run: translations demo
	@echo "Regie runs at http://$(HOST):$(PORT)  (stop with Ctrl+C)"
	$(MANAGE) runserver $(HOST):$(PORT)

test: translations
	DJANGO_SETTINGS_MODULE=regie.settings.test $(PY) -m pytest $(PYTEST_ARGS)

test-browser: translations
	DJANGO_SETTINGS_MODULE=regie.settings.test $(PY) -m pytest -m browser $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DJANGO_SETTINGS_MODULE=regie.settings.test $(MANAGE) makemigrations --check --dry-run
	$(VENV)/bin/mypy

format: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

check-deploy: translations
	DJANGO_SETTINGS_MODULE=regie.settings.production \
	DJANGO_SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')" \
	DJANGO_ALLOWED_HOSTS=regie.example \
	REGIE_PUBLIC_BASE_URL=https://regie.example \
	DATABASE_URL="$${DATABASE_URL:-sqlite:///$(CURDIR)/.check-deploy.sqlite3}" \
	$(MANAGE) check --deploy --fail-level WARNING

lock: $(STAMP)
	cd requirements && ../$(VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe \
		--no-emit-index-url --no-emit-find-links --strip-extras -o base.txt base.in
	cd requirements && ../$(VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe \
		--no-emit-index-url --no-emit-find-links --strip-extras -o dev.txt dev.in

messages: $(STAMP)
	cd regie && ../$(PY) ../manage.py makemessages --locale nl --locale en --no-obsolete \
		--ignore 'static/*' --add-location file

bench: translations
	$(PY) -m bench.audit_chain $${BENCH_EVENTS:-5000}

bench-matching: $(STAMP)
	$(PY) -m bench.matching

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
