# Simple Lists. `make run` serves the app; `make test` runs the whole suite.
# The newest Python 3.11+ on the PATH.
PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null \
	&& echo $$p && break; done)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8080

.PHONY: run test test-fast test-tools lint e2e screenshots bench translations clean

$(BIN)/activate:
	@test -n "$(PYTHON)" || { echo "Simple Lists needs Python 3.11 or newer (python3 --version)." >&2; exit 1; }
	@$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); \
	  echo "Could not create a virtual environment: install Python's venv module (Debian/Ubuntu: apt install python3-venv)." >&2; exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt pyproject.toml | $(BIN)/activate
	$(BIN)/pip install --quiet -r requirements.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

run: $(VENV)/.installed
	PORT=$(PORT) $(BIN)/simplelists

# The tests run in one process per CPU (pytest-xdist).
test: $(VENV)/.installed-dev test-tools lint
	$(BIN)/python -m pytest -n auto

test-fast: $(VENV)/.installed-dev
	$(BIN)/python -m pytest -n auto -m "not slow and not e2e"

# The Dockerfile's lint: hadolint (installed by requirements-dev.txt) fails on any finding;
# a rule may be switched off only inline, with the reason beside it (a test checks that).
# The import structure: lint-imports holds the code to the layers written in pyproject.toml
# (see ARCHITECTURE.md) and names the chain of any import that breaks them.
lint: $(VENV)/.installed-dev
	$(BIN)/hadolint Dockerfile
	$(BIN)/lint-imports

# Debian packages the tests use (chromium for the browser tests, zbar-tools to scan their QR
# codes): installed with apt-get when missing and run as root; otherwise those tests skip.
test-tools:
	@bash .ci/install-test-tools

e2e: $(VENV)/.installed-dev test-tools
	$(BIN)/python -m pytest -m e2e

# Rewrite docs/screenshots/ (shown in the README) from the browser tests.
screenshots: $(VENV)/.installed-dev test-tools
	UPDATE_SCREENSHOTS=1 $(BIN)/python -m pytest tests/e2e/test_e2e_screenshots.py tests/e2e/test_e2e_languages.py

# The interface's languages: extract every text from the code and templates (babel.cfg),
# update each language's catalog (a new language: add its code here), compile them all,
# and note each language's name for itself and its direction (locale/languages.json).
LANGUAGES := ar de es fr it nl pl pt_BR
LOCALE := simplelists/locale
translations: $(VENV)/.installed
	$(BIN)/pybabel extract --mapping-file babel.cfg --add-location file --sort-by-file \
	  --no-wrap --project "Simple Lists" --copyright-holder "Simple Lists contributors" \
	  --add-comments "Translators:" --output-file $(LOCALE)/messages.pot .
	@for lang in $(LANGUAGES); do \
	  if [ -f $(LOCALE)/$$lang/LC_MESSAGES/messages.po ]; then \
	    $(BIN)/pybabel update --no-wrap --no-fuzzy-matching --ignore-obsolete \
	      --input-file $(LOCALE)/messages.pot --output-dir $(LOCALE) --locale $$lang; \
	  else \
	    $(BIN)/pybabel init --no-wrap --input-file $(LOCALE)/messages.pot --output-dir $(LOCALE) --locale $$lang; \
	  fi; \
	done
	$(BIN)/pybabel compile --statistics --directory $(LOCALE)
	$(BIN)/python tools/language_names.py

# The benchmark (bench/bench.py, results in BENCHMARKS.md; `make bench BENCH_ARGS=--write`
# rewrites them there). wrk and hey are installed with apt-get when missing (as root). Then
# what off-site replication costs (bench/replication.py: Litestream and moto's S3, about 5
# minutes, most of it waiting to count what an idle minute and a change cost), then the memory
# notifications take (bench/notify.py: the web worker, a sending process, the whole machine).
# BENCH_PYTHON=python3.11 runs the benchmark's servers on that Python, which should be built
# as the image's is, with profile-guided and link-time optimisation (bench/bench.py says why).
BENCH_PYTHON ?=
bench: $(VENV)/.installed-dev
	$(BIN)/python bench/bench.py $(if $(BENCH_PYTHON),--python $(BENCH_PYTHON)) $(BENCH_ARGS)
	$(BIN)/python bench/replication.py $(BENCH_ARGS)
	$(BIN)/python bench/notify.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis test-artifacts
