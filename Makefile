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
# Extra pip-compile options for `make lock`, e.g. LOCK_ARGS=--upgrade to bring every pin current.
LOCK_ARGS ?=

# The first Python 3.12+ on PATH (pyenv shims honour .python-version's 3.13).
PYTHON ?= $(shell for p in python3 python3.13 python3.12 python; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null \
	&& { echo $$p; break; }; done)

.PHONY: help install translations migrate demo run test test-browser lint format check-deploy audit-deps serve lock messages bench bench-matching bench-daily bench-pages clean
.PHONY: backup restore backup-drill

help:
	@echo "make run           set everything up and serve Regie on http://$(HOST):$(PORT)"
	@echo "make serve         the production stack locally: gunicorn, WhiteNoise, PostgreSQL (docs/deploy.md)"
	@echo "make worker        run the background task worker (mail, print batches, matching)"
	@echo "make test          run the whole test suite (SQLite, or DATABASE_URL)"
	@echo "make lint          ruff, bandit, mypy (django-stubs) and a check for missing migrations"
	@echo "make check-deploy  Django's deployment checks with production settings"
	@echo "make audit-deps    known vulnerabilities in the locked dependencies (pip-audit, online)"
	@echo "make lock          regenerate the hashed lock files in requirements/ (LOCK_ARGS=--upgrade)"
	@echo "make messages      extract translatable strings (needs GNU gettext)"
	@echo "make bench         benchmarks that print figures (access log, daily job and printing, then every page)"
	@echo "make bench-pages   every page of issue 14 under gunicorn and wrk, as a ratio to the login page"
	@echo "make bench-matching  the matching engine on 10,000 applications, checked against an LP"
	@echo "make backup        back up the database (DATABASE_URL) to var/backups/ or FILE=..."
	@echo "make restore FILE=...  restore a backup (TARGET=url, FORCE=1 to replace a non-empty one)"
	@echo "make backup-drill  dump, restore into a scratch database, compare every table, audit_verify"
	@echo "make bench-daily   run_daily, print_cards and the card PDF over BENCH_CARDS cards (10,000)"

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

# A task worker runs alongside the development server (decisions/0043): mail,
# print batches and matching runs wait in the queue until it picks them up.
run: translations demo
	@echo "Regie runs at http://$(HOST):$(PORT), with a task worker  (stop with Ctrl+C)"
	@$(MANAGE) db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; \
	$(MANAGE) runserver $(HOST):$(PORT)

# Production settings with gunicorn on PostgreSQL; missing variables get local,
# throwaway values and the script says which (deploy/serve-local.sh).
serve: translations
	HOST=$(HOST) PORT=$(PORT) PY=$(PY) deploy/serve-local.sh

# --- Background tasks (decisions/0043) ---------------------------------------
.PHONY: worker
# The task worker on its own (production runs one or more with systemd; docs/deploy.md).
worker: migrate
	$(MANAGE) db_worker

test: translations
	DJANGO_SETTINGS_MODULE=regie.settings.test $(PY) -m pytest $(PYTEST_ARGS)

test-browser: translations
	DJANGO_SETTINGS_MODULE=regie.settings.test $(PY) -m pytest -m browser $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/bandit --quiet -c pyproject.toml -r regie bench -ll
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
	EMAIL_URL="$${EMAIL_URL:-smtp+tls://regie.example:587}" \
	REGIE_AUDIT_KEYS="check:$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(32))')" \
	REGIE_AUDIT_CHECKPOINT_DIR="$(CURDIR)/.check-deploy-checkpoints" \
	DATABASE_URL="$${DATABASE_URL:-sqlite:///$(CURDIR)/.check-deploy.sqlite3}" \
	$(MANAGE) check --deploy --fail-level WARNING

# Needs the advisory data (PyPI's JSON API), so it is not part of .ci/run. The lock files
# are complete and hashed, so pip-audit checks them as they are (no resolving); --strict
# fails when a package cannot be looked up instead of calling a partial audit clean.
audit-deps: $(STAMP)
	$(VENV)/bin/pip-audit --progress-spinner off --strict --require-hashes --disable-pip \
		-r requirements/base.txt -r requirements/dev.txt

lock: $(STAMP)
	cd requirements && ../$(VENV)/bin/pip-compile --quiet $(LOCK_ARGS) --generate-hashes --allow-unsafe \
		--no-emit-index-url --no-emit-find-links --strip-extras -o base.txt base.in
	cd requirements && ../$(VENV)/bin/pip-compile --quiet $(LOCK_ARGS) --generate-hashes --allow-unsafe \
		--no-emit-index-url --no-emit-find-links --strip-extras -o dev.txt dev.in

messages: $(STAMP)
	cd regie && ../$(PY) ../manage.py makemessages --locale nl --locale en --no-obsolete \
		--ignore 'static/*' --add-location file

bench: translations
	$(PY) -m bench.audit_chain $${BENCH_EVENTS:-5000}
	$(PY) -m bench.daily $${BENCH_CARDS:-10000}
	$(MAKE) bench-pages

# Production settings, gunicorn with 2 workers and wrk on a seed_scale set
# (docs/performance.md, "Pages"): DATABASE_URL, or BENCH_DB (a seeded SQLite
# file), or a throw-away SQLite set of BENCH_PARTICIPANTS (2000) seeded once.
bench-pages: translations
	$(PY) -m bench.pages

bench-matching: $(STAMP)
	$(PY) -m bench.matching

# Backups (decisions/0042): the logic is in the backup, restore and backup_drill commands.
backup: $(STAMP)
	$(MANAGE) backup $(if $(FILE),--file "$(FILE)")

restore: $(STAMP)
	@test -n "$(FILE)" || { echo "Name the backup to restore: make restore FILE=var/backups/regie-....pgdump"; exit 2; }
	$(MANAGE) restore "$(FILE)" $(if $(TARGET),--target "$(TARGET)") $(if $(filter 1,$(FORCE)),--force)

backup-drill: $(STAMP)
	$(MANAGE) backup_drill

# A national data set for measuring (docs/performance.md): `make seed-scale N=100000`,
# on the database DATABASE_URL names (SQLite by default); refuses one that has a set.
.PHONY: seed-scale
seed-scale: migrate
	$(MANAGE) seed_scale --participants $(or $(N),10000) --seed $(or $(SEED),2026)
	$(MANAGE) refresh_db_statistics --full
# The daily job and card printing; docs/performance.md has the figures at 100,000.
bench-daily: translations
	$(PY) -m bench.daily $${BENCH_CARDS:-10000}

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
