# Two commands do everything on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEMO_OUT ?= reports

.PHONY: demo test quick install lint bench clean

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

# Every test, the slow ones (browser, LibreOffice, big inputs) included. pytest exits 5 when
# it collected nothing: a failure too (make turns any failing command into exit status 2).
test: $(STAMP)
	@$(BIN)/python -m pytest -q; status=$$?; \
	if [ $$status -eq 5 ]; then echo "make test: pytest collected no tests" >&2; fi; \
	exit $$status

# The quick loop while changing code: everything but the tests marked slow.
quick: $(STAMP)
	$(BIN)/python -m pytest -q -m "not slow"

# Lint and types; runs every check, then fails if any failed.
STRICT := cleanup/model.py cleanup/text.py cleanup/errors.py cleanup/limits.py
lint: $(STAMP)
	@status=0; \
	$(BIN)/ruff check cleanup tests benchmarks sample_data || status=1; \
	$(BIN)/mypy cleanup || status=1; \
	$(BIN)/mypy --strict $(STRICT) || status=1; \
	exit $$status

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .hypothesis
