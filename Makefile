# Two commands for a newcomer: `make run` and `make test`. See README.md.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# Local serving: real production code paths (DEBUG off) but plain HTTP on loopback.
# SERVE_MEDIA: runserver serves uploaded photos itself (in production the web server does).
LOCAL_ENV := SECURE_SSL_REDIRECT=false SECURE_COOKIES=false ADMIN_HTTPS_ONLY=false SERVE_MEDIA=true
PG_URL ?= postgres://postgres@127.0.0.1:5432/catalogue

.PHONY: run test install data demo-admin check lint test-sqlite test-postgres clean loadtest loadtest-mixed audit

$(VENV)/.installed: pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is required ($(PYTHON) not found)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed

.env: | install
	$(PY) scripts/ensure_env.py

data: install .env
	$(LOCAL_ENV) $(PY) manage.py migrate --noinput
	$(LOCAL_ENV) $(PY) manage.py load_geography
	$(LOCAL_ENV) $(PY) manage.py load_catalogue
	$(LOCAL_ENV) $(PY) manage.py make_release --if-none
	$(LOCAL_ENV) $(PY) manage.py load_ceilings
	$(LOCAL_ENV) $(PY) manage.py collectstatic --noinput --verbosity 0

demo-admin: data
	$(LOCAL_ENV) $(PY) manage.py create_demo_admin --roles

# Canonical links and e-mailed links name the address actually served (not a fixed port).
SITE_URL ?= http://127.0.0.1:$(PORT)

run: demo-admin
	@echo "Serving on http://127.0.0.1:$(PORT)/  (admin: http://127.0.0.1:$(PORT)/admin/)"
	$(LOCAL_ENV) SITE_URL=$(SITE_URL) $(PY) manage.py runserver 127.0.0.1:$(PORT)

# Lighthouse (mobile) on every public page type, against a server started as `make run` starts
# it; fails below performance 95, accessibility 100, best practices 100, SEO 100 (pages that are
# noindex on purpose are listed in scripts/audit/pages.json). Report: test-artifacts/lighthouse/.
audit: demo-admin
	@bash scripts/audit/run.sh

check: install
	DJANGO_DEBUG=true $(PY) manage.py check
	@# Production settings (DEBUG off, a real secret key): HTTPS, HSTS, cookies… (SECURITY.md)
	env -u SECURE_SSL_REDIRECT -u SECURE_COOKIES -u SECURE_HSTS_SECONDS -u ADMIN_HTTPS_ONLY DJANGO_DEBUG=false \
	  SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')" \
	  $(PY) manage.py check --deploy --fail-level WARNING
	DJANGO_DEBUG=true $(PY) manage.py makemigrations --check --dry-run

# The layout is enforced, not described (docs/architecture.md): format, lint, layers, types, module size.
lint: install
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	DJANGO_DEBUG=true $(VENV)/bin/mypy
	$(PY) scripts/check_module_size.py

test-sqlite: install
	@bash scripts/install_browser.sh
	@bash scripts/install_nginx.sh
	DJANGO_DEBUG=true DATABASE_URL= $(PY) -m pytest

# Runs on PostgreSQL when DATABASE_URL points to it, or when the local server answers.
test-postgres: install
	@url="$${DATABASE_URL:-}"; \
	if [ -z "$$url" ]; then \
	  if $(PY) scripts/pg_available.py "$(PG_URL)"; then url="$(PG_URL)"; \
	  else echo "PostgreSQL not reachable: PostgreSQL run skipped"; exit 0; fi; \
	fi; \
	echo "== PostgreSQL: $$url"; \
	DJANGO_DEBUG=true DATABASE_URL="$$url" $(PY) -m pytest

test: lint check test-sqlite test-postgres

# Load tests (not part of `make test`): gunicorn + PostgreSQL on loopback, wrk (docs/operations.md#load-tests).
LOADTEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/catalogue_loadtest
LOADTEST_PORT ?= 8620
LOADTEST_DURATION ?= 60
loadtest: install
	@bash scripts/install_wrk.sh
	$(PY) scripts/loadtest.py read --database-url "$(LOADTEST_DATABASE_URL)" --port $(LOADTEST_PORT) --duration $(LOADTEST_DURATION) --connections 32 --workers 3

loadtest-mixed: install
	@bash scripts/install_wrk.sh
	$(PY) scripts/loadtest.py mixed --database-url "$(LOADTEST_DATABASE_URL)" --port $(LOADTEST_PORT) --duration $(LOADTEST_DURATION) --connections 8 --workers 3

clean:
	rm -rf $(VENV) staticfiles db.sqlite3
