# Współpraca — the two commands: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
HOST   ?= 127.0.0.1:8000
# E-mails link to SITE_URL: unless it is set, it follows HOST (a bare port means 127.0.0.1, and a
# server listening on every address, 0.0.0.0 or [::], is linked as 127.0.0.1 or [::1]).
SITE_HOST := $(if $(findstring :,$(HOST)),$(HOST),127.0.0.1:$(HOST))
SITE_HOST := $(patsubst 0.0.0.0:%,127.0.0.1:%,$(patsubst [::]:%,[::1]:%,$(SITE_HOST)))
SITE_URL ?= http://$(SITE_HOST)
PYTEST_ARGS ?=

.PHONY: run test install migrate demo serve lint format messages compilemessages check e2e clean bench bench-smoke drills drills-smoke

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	SITE_URL='$(SITE_URL)' $(PY) manage.py seed_demo

serve: install
	SITE_URL='$(SITE_URL)' $(PY) manage.py runserver $(HOST)

run: demo serve

# Line and branch coverage of wspolpraca/ (pyproject.toml [tool.coverage.*]: migrations left out,
# the floor fail_under). A run of chosen tests (PYTEST_ARGS naming a path under tests/) reports
# without the floor; COVERAGE= runs without coverage.
COVERAGE ?= --cov=wspolpraca --cov-branch --cov-report=term:skip-covered
# pytest's exit 5 ("no tests collected") fails loudly, never passes vacuously.
test: install
	$(BIN)/pytest $(COVERAGE) $(if $(filter tests%,$(PYTEST_ARGS)),--cov-fail-under=0) $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "make test: pytest collected no tests (exit 5); check PYTEST_ARGS" >&2; fi; \
	exit $$rc

e2e: install
	$(BIN)/pytest -m e2e tests/e2e $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: install
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) manage.py check

# Translation catalogues live in each app's locale/ folder; the compiled .mo files are
# committed so that a fresh clone needs no GNU gettext. Edit the .po, then run this
# (needs gettext's msgfmt).
messages: install
	for app in wspolpraca/*/; do \
	  if [ -d $$app/templates ] || ls $$app*.py >/dev/null 2>&1; then \
	    (cd $$app && mkdir -p locale && ../../$(PY) ../../manage.py makemessages -l pl -l en -l uk --no-obsolete >/dev/null); \
	  fi; \
	done

compilemessages: install
	$(PY) manage.py compilemessages --ignore=.venv

# Benchmarks (docs/scale.md): gunicorn on PostgreSQL (127.0.0.1:5432) with the scale data, driven by
# bench/load.py; results in bench/results/. BENCH_ARGS e.g. "--size city --users 50 --duration 30".
BENCH_ARGS ?=
$(VENV)/.bench: pyproject.toml | $(VENV)/.installed
	$(PY) -m pip install --quiet -e ".[dev,bench]"
	touch $@

bench: $(VENV)/.bench
	$(PY) bench/run.py $(BENCH_ARGS)

# Seconds: the tiny size on SQLite, every scenario briefly; fails on any error or lost submission.
bench-smoke: $(VENV)/.bench
	$(PY) bench/run.py --smoke

# Failure drills (bench/drills/run.py, docs/scale.md): a worker SIGKILLed and PostgreSQL stopped
# during a deadline rush (a private throw-away PostgreSQL instance, never the system one), uploads
# on a full disk (a small tmpfs), bad input of every kind, schemathesis over the API. Results in
# bench/results/drills-*.md. drills-smoke: the full-disk drill only (CI, seconds).
drills: $(VENV)/.bench
	$(PY) bench/drills/run.py

drills-smoke: $(VENV)/.bench
	$(PY) bench/drills/run.py --smoke

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-* staticfiles .pytest_cache .coverage .coverage.* htmlcov
