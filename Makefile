# Two commands do everything on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEMO_OUT ?= reports

.PHONY: demo test install lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/linkedin-cleanup run sample_data/Basic_LinkedInDataExport_11-25-2026 \
		--rules sample_data/rules.toml --enrich sample_data/enrichment.csv --out $(DEMO_OUT)
	@echo
	@echo "Open the reports:"
	@ls -1 $(DEMO_OUT)/linkedin-cleanup-*.xlsx $(DEMO_OUT)/linkedin-cleanup-*.html 2>/dev/null | sed 's/^/  /'

test: $(STAMP)
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check cleanup tests benchmarks sample_data
	$(BIN)/mypy cleanup

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .hypothesis
