# The two commands a new user needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export DJANGO_SETTINGS_MODULE := peerreview.settings

.PHONY: run reset test lint format assets bench clean

# `make run PORT=8123` serves on another port; emailed links follow it unless SITE_URL is set.
PORT ?= 8000
RUN_ENV := DJANGO_DEBUG=1 SITE_URL=$${SITE_URL:-http://127.0.0.1:$(PORT)}

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(VENV)/.installed
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

## run: install, migrate, load demo data and serve on http://127.0.0.1:$(PORT) (SQLite, tasks in-process)
run: $(VENV)/.installed
	$(RUN_ENV) $(BIN)/python manage.py migrate --noinput
	$(RUN_ENV) $(BIN)/python manage.py seed_demo
	$(RUN_ENV) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

## reset: start the demo again from nothing: delete db.sqlite3 and media/, then migrate and load demo data
reset: $(VENV)/.installed
	@if [ -n "$$DATABASE_URL" ]; then echo "DATABASE_URL is set: make reset only resets the demo's SQLite file, so it stops here."; exit 1; fi
	rm -f db.sqlite3 db.sqlite3-journal db.sqlite3-wal db.sqlite3-shm
	rm -rf media
	$(RUN_ENV) $(BIN)/python manage.py migrate --noinput
	$(RUN_ENV) $(BIN)/python manage.py seed_demo

## test: install what the tests need and run them (browser tests need Chromium: see README)
test: $(VENV)/.installed-dev
	@command -v chromium >/dev/null || echo "Chromium is not installed: browser tests will be skipped (.ci/run installs it)."
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest

## bench: measure key pages, notes under load and letter jobs on PostgreSQL and Redis (not a test; see README)
BENCH_ENV := DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres} \
	REDIS_URL=$${REDIS_URL:-redis://127.0.0.1:6379/15} DJANGO_DEBUG=0 DJANGO_SECURE_SSL_REDIRECT=0 \
	DJANGO_SECRET_KEY=$${DJANGO_SECRET_KEY:-benchmark-only-not-a-secret}
bench: $(VENV)/.installed
	$(BENCH_ENV) $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BENCH_ENV) $(BIN)/python manage.py bench $(BENCH_ARGS)

## lint: ruff, and import-linter's layers contract (casework > teams > reviews > peerreview, pyproject.toml)
lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: $(VENV)/.installed-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## assets: rebuild the vendored front end and the compiled CSS in static/ (needs npm; the output is committed)
assets:
	cd .frontend && npm ci --no-audit --no-fund
	rm -rf static/vendor && mkdir -p static/vendor/govuk static/vendor/moj static/vendor/htmx
	cp .frontend/node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js static/vendor/govuk/
	# MOJ's icons only: GOV.UK's fonts, crown and favicons are not ours to use.
	cp .frontend/node_modules/@ministryofjustice/frontend/moj/moj-frontend.min.js static/vendor/moj/
	mkdir -p static/vendor/moj/assets/images
	cp .frontend/node_modules/@ministryofjustice/frontend/moj/assets/images/icon-*.svg static/vendor/moj/assets/images/
	cp .frontend/node_modules/htmx.org/dist/htmx.min.js static/vendor/htmx/
	cd .frontend && npx sass --style=compressed --no-source-map --load-path=. --quiet-deps \
		../static/scss/app.scss ../static/css/app.css

clean:
	rm -rf $(VENV) .pytest_cache staticfiles
