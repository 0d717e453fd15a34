# One command each: `make demo` (set up + check the bundled seeds) and `make test` (set up + lint + tests).
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed

.PHONY: demo test eval lint install clean

$(BIN)/python:
	$(PY) -m venv $(VENV)

# torch first and pinned (a CPU wheel is on local disk); the constraint keeps any dependency from upgrading it.
$(STAMP): pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/pip install -q -c constraints.txt torch==2.13.0
	$(BIN)/pip install -q -c constraints.txt -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	@mkdir -p reports
	$(BIN)/factcheck check seeds/ --format markdown --output reports/seeds.md --fail-on none
	$(BIN)/factcheck check seeds/ --format json --output reports/seeds.json --fail-on none --quiet
	$(BIN)/factcheck check seeds/ --fail-on none --quiet

test: $(STAMP)
	$(BIN)/ruff check factcheck tests
	$(BIN)/python -m pytest

eval: $(STAMP)
	$(BIN)/factcheck eval tests/eval

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
