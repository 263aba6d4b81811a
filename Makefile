# Two commands do everything on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
DEMO_OUT ?= reports
PIP    := $(BIN)/pip --quiet --disable-pip-version-check
SOURCES := $(wildcard cleanup/*.py cleanup/*/*.py cleanup/write/templates/* cleanup/write/templates/*/*)

.PHONY: demo test install lint bench clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --upgrade pip

# The tool alone, as a user gets it (what `make demo` needs).
$(STAMP): pyproject.toml $(SOURCES) | $(VENV)/bin/python
	$(PIP) install .
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

test: $(TEST_STAMP)
	$(BIN)/python -m pytest -q

lint: $(TEST_STAMP)
	$(BIN)/ruff check cleanup tests benchmarks sample_data
	$(BIN)/mypy cleanup

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .hypothesis
