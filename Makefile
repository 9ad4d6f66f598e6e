# Kezek: `make run` serves the demo, `make test` runs the suite. Both bootstrap from nothing.
SHELL := /bin/bash
.SHELLFLAGS := -eo pipefail -c
# This machine's pip configuration names local indexes that may be absent; their warnings are noise.
QUIET_PIP := 2>&1 | { grep -v '^WARNING: Location' || true; }
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LOCKS := requirements/base.txt requirements/dev.txt
# Debian packages: pango for WeasyPrint PDFs, fonts with Kazakh letters, gettext for translations,
# poppler-utils (pdftotext) and zbar-tools for document checks, chromium for the browser tests.
SYSTEM_PACKAGES := gettext libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-core fonts-dejavu-core poppler-utils
E2E_PACKAGES := chromium

.PHONY: locale-compiled bootstrap system-deps run test test-slow test-fast e2e lint format typecheck migrations-check deploy-check messages pre-commit clean

bootstrap: system-deps $(STAMP) locale-compiled

system-deps:
	@missing=""; for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then echo "Installing Debian packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	  else echo "Please install the Debian packages:$$missing (sudo apt-get install$$missing)"; exit 1; fi; fi

$(STAMP): $(LOCKS) pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade "pip>=24" $(QUIET_PIP)
	$(BIN)/pip install -q --require-hashes -r requirements/base.txt -r requirements/dev.txt $(QUIET_PIP)
	$(BIN)/pip install -q --no-deps -e . $(QUIET_PIP)
	touch $(STAMP)

locale-compiled: $(STAMP)
	@cd src/kezek && ../../$(BIN)/kezek compilemessages -v 0 --ignore=.venv

run: bootstrap
	mkdir -p var
	$(BIN)/kezek migrate --noinput -v 0
	$(BIN)/kezek demo --if-new
	@# The registers' simulator (the demo's applicants among its people, ADR 0013), one worker
	@# (e-mail, SMS, documents, the registers' facts, periodic jobs) and the web server; Ctrl-C
	@# stops all three.
	@$(BIN)/kezek registries simulator --port 8090 & registers=$$!; \
	$(BIN)/kezek worker --interval 1 & worker=$$!; \
	trap 'kill $$worker $$registers 2>/dev/null; wait $$worker $$registers 2>/dev/null' EXIT; \
	$(BIN)/kezek runserver 127.0.0.1:8000

# The suite but the slow and the browser tests (make test-slow, make e2e; CI runs all three).
test: bootstrap
	$(BIN)/pytest -m "not e2e and not slow" -n 2 --dist loadfile

test-slow: bootstrap
	$(BIN)/pytest -m "slow and not e2e" -n 2 --dist loadfile

test-fast: bootstrap
	$(BIN)/pytest -m "not e2e and not slow" -x -q

e2e: bootstrap
	@dpkg -s $(E2E_PACKAGES) >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(E2E_PACKAGES) >/dev/null)
	$(BIN)/pytest -m e2e -p no:xdist

lint: bootstrap
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/lint-imports

format: bootstrap
	$(BIN)/ruff format src tests
	$(BIN)/ruff check --fix src tests

typecheck: bootstrap
	$(BIN)/mypy src

# The git hook: ruff, ruff format, lint-imports and mypy on each commit (.pre-commit-config.yaml).
pre-commit: bootstrap
	$(BIN)/pre-commit install

migrations-check: bootstrap
	$(BIN)/kezek makemigrations --check --dry-run

deploy-check: bootstrap
	DJANGO_SETTINGS_MODULE=kezek.settings.production \
	DJANGO_SECRET_KEY=ci-only-$$(head -c 48 /dev/urandom | base64 | tr -d '/+=\n') \
	DJANGO_ALLOWED_HOSTS=kezek.example.kz KEZEK_PUBLIC_URL=https://kezek.example.kz \
	$(BIN)/kezek check --deploy --fail-level WARNING

messages: bootstrap
	cd src/kezek && ../../$(BIN)/kezek makemessages -l kk -l ru -l en --no-obsolete --ignore=.venv

clean:
	rm -rf $(VENV) var/test-* .pytest_cache .mypy_cache .ruff_cache
