# iceinfo: the two commands are `make run` and `make test`; everything else is what they call.
# Each step is a file target with a stamp, so a re-run with nothing changed does almost nothing.

PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
HOST   ?= 127.0.0.1
PORT   ?= 8000
WORKERS ?= 2
SECRET_FILE := .secret_key
MANAGE := $(PY) manage.py
PO_FILES := $(wildcard locale/*/LC_MESSAGES/django.po)
MO_FILES := $(PO_FILES:.po=.mo)
CSS_SOURCES := $(wildcard static/src/scss/*.scss)
PYTEST_ARGS ?=
TEST_WORKERS ?= 2

.PHONY: help install build messages migrate seed static run serve test check lint makemessages clean system-deps system-deps-test bench

help:
	@echo "make run    set everything up and serve http://$(HOST):$(PORT) with gunicorn (SQLite unless DATABASE_URL)"
	@echo "make test   set everything up and run the whole suite (browser tests included)"
	@echo "make check  migrations check, check --deploy with production values, lint"
	@echo "make bench  load benchmark against a bare WSGI app (BENCH_ARGS=--scale for generated volume)"

# --- system packages (gettext for messages; Chromium for browser tests) -------------------------
system-deps:
	@scripts/system-deps.sh gettext

system-deps-test:
	@scripts/system-deps.sh gettext chromium

# --- Python and npm ---------------------------------------------------------------------------
$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

# Development machines and CI get the test tools too; a production server installs requirements.txt only.
$(VENV)/.installed: requirements.txt requirements-dev.txt | $(BIN)/activate
	$(PY) -m pip install --disable-pip-version-check -q -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed node_modules/.installed

# --- front end: USWDS from npm + our SCSS ---------------------------------------------------------
static/dist/.built: node_modules/.installed $(CSS_SOURCES) static/src/copy-uswds.mjs
	npm run --silent build
	touch $@

build: static/dist/.built

# --- translations ---------------------------------------------------------------------------------
locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po
	msgfmt --check-format -o $@ $<

# Compiles locale/ only (never the catalogs inside .venv): the same as
# `manage.py compilemessages --ignore=.venv --ignore=node_modules`.
messages: system-deps $(MO_FILES)

makemessages: $(VENV)/.installed
	$(MANAGE) makemessages $(foreach l,$(notdir $(wildcard locale/*)),-l $(l)) --no-location --no-obsolete \
		--ignore='.venv/*' --ignore='node_modules/*' --ignore='static/*' --ignore='staticfiles/*'

# --- database, content, static --------------------------------------------------------------------
$(SECRET_FILE):
	@umask 077; $(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))' > $@
	@echo "generated a local secret key in $@ (git-ignored)"

migrate: $(VENV)/.installed
	$(MANAGE) migrate --noinput

seed: migrate
	$(MANAGE) load_seed_content

staticfiles/staticfiles.json: static/dist/.built $(shell find static/js static/img -type f 2>/dev/null) $(VENV)/.installed
	$(MANAGE) collectstatic --noinput --ignore src -v 0
	@touch $@

static: staticfiles/staticfiles.json

# --- the two commands -----------------------------------------------------------------------------
run: install build messages seed static $(SECRET_FILE)
	@echo ""
	@echo "  iceinfo is running at http://$(HOST):$(PORT)/  (Spanish: http://$(HOST):$(PORT)/es/, admin: /admin/)"
	@echo "  Create an editor account in another terminal with:  $(BIN)/python manage.py createsuperuser"
	@echo ""
	DJANGO_SECRET_KEY="$$(cat $(SECRET_FILE))" $(BIN)/gunicorn iceinfo.wsgi:application \
		--bind $(HOST):$(PORT) --workers $(WORKERS) --no-control-socket --access-logfile - --forwarded-allow-ips=127.0.0.1

test: install build messages system-deps-test
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

check: install messages
	$(MANAGE) makemigrations --check --dry-run
	DJANGO_ENV=production DJANGO_SECRET_KEY="$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))')" \
		DATABASE_URL=postgres://iceinfo@db.internal:5432/iceinfo REDIS_URL=redis://cache.internal:6379/0 \
		DJANGO_ALLOWED_HOSTS=www.ice.gov $(MANAGE) check --deploy --fail-level WARNING
	$(BIN)/ruff check .

# --- load benchmark (not part of `make test`; see benchmarks/README.md) ---------------------------
BENCH_ARGS ?=
bench: install build messages
	$(PY) benchmarks/run.py $(BENCH_ARGS)

clean:
	rm -rf static/dist staticfiles node_modules/.installed $(VENV)/.installed
