# Two commands do everything on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
DEMO_OUT ?= reports
PIP    := $(BIN)/pip --quiet --disable-pip-version-check
SOURCES := $(wildcard cleanup/*.py cleanup/*/*.py cleanup/writers/templates/* cleanup/writers/templates/*/*)

.PHONY: demo test quick install lint bench clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --upgrade pip

# The tool alone, as a user gets it (what `make demo` needs).
# After `make test` the editable install already serves the current sources.
$(STAMP): pyproject.toml $(SOURCES) | $(VENV)/bin/python
	@if [ -f $(TEST_STAMP) ] && [ $(TEST_STAMP) -nt pyproject.toml ]; then :; \
	else $(PIP) install . && rm -f $(TEST_STAMP); fi
	touch $(STAMP)

# The tool in development mode, with the test and lint tools.
$(TEST_STAMP): pyproject.toml | $(VENV)/bin/python
	$(PIP) install -e '.[test]'
	touch $(TEST_STAMP) $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/linkedin-cleanup run sample_data/Basic_LinkedInDataExport_11-25-2026 \
		--rules sample_data/rules.toml --enrich sample_data/enrichment.csv --out $(DEMO_OUT)
	@echo
	@echo "Open the reports:"
	@ls -1 $(DEMO_OUT)/linkedin-cleanup-*.xlsx $(DEMO_OUT)/linkedin-cleanup-*.html 2>/dev/null | sed 's/^/  /'
	@echo "The command is $(BIN)/linkedin-cleanup (see Install in README.md)."

# Every test, the slow ones (browser, LibreOffice, big inputs) included. pytest exits 5 when
# it collected nothing: a failure too (make turns any failing command into exit status 2).
test: $(TEST_STAMP)
	@$(BIN)/python -m pytest -q; status=$$?; \
	if [ $$status -eq 5 ]; then echo "make test: pytest collected no tests" >&2; fi; \
	exit $$status

# The quick loop while changing code: everything but the tests marked slow.
quick: $(TEST_STAMP)
	$(BIN)/python -m pytest -q -m "not slow"

# Lint and types; runs every check, then fails if any failed.
STRICT := cleanup/model.py cleanup/terms.py cleanup/text.py cleanup/errors.py cleanup/limits.py
lint: $(TEST_STAMP)
	@status=0; \
	$(BIN)/ruff check cleanup tests benchmarks sample_data || status=1; \
	$(BIN)/mypy cleanup || status=1; \
	$(BIN)/mypy --strict $(STRICT) || status=1; \
	exit $$status

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/bench_decide.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .hypothesis
