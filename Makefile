# One command each: `make demo` (set up + check the bundled seeds) and `make test` (set up + lint + tests).
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed

.PHONY: demo test eval install clean chromium bench bench-quick parser model

$(BIN)/python:
	$(PY) -m venv $(VENV)

# torch first and pinned (a CPU wheel is on local disk); the constraint keeps any dependency from upgrading it.
$(STAMP): pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/pip install -q -c constraints.txt torch==2.13.0
	$(BIN)/pip install -q -c constraints.txt -e '.[test,ray]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	@mkdir -p reports
	$(BIN)/factcheck check seeds/ --format table -o reports/seeds.md -o reports/seeds.json -o reports/seeds.html --fail-on none

# The browser test needs Debian's chromium; as root (CI) it is installed here, elsewhere that test is skipped.
chromium:
	@command -v chromium >/dev/null 2>&1 || [ "$$(id -u)" != 0 ] || \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } || \
	  echo "chromium could not be installed: the browser test will be skipped"

test: $(STAMP) chromium
	$(BIN)/ruff check factcheck tests training eval
	$(BIN)/ruff format --check factcheck tests training eval
	$(BIN)/python -m pytest

# Quality on the real held-out clusters (needs ../shared), then the self-written regression clusters.
eval: $(STAMP)
	$(BIN)/factcheck eval --split heldout
	$(BIN)/factcheck eval tests/eval

# The shipped models, rebuilt from ../shared: the claim-frame parsers (about 12 minutes each on one
# core, from the UD treebanks) and then the same-fact model (from every real topic's read pairs in
# tests/real; `factcheck eval --cv` scores the same procedure topic by topic).
parser: $(STAMP)
	$(BIN)/python training/train_parser.py id
	$(BIN)/python training/train_parser.py en

model: $(STAMP)
	$(BIN)/python training/train_samefact.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache

# Benchmarks: bench-quick finishes within a minute; bench is the full run behind docs/performance.md's table.
bench-quick: $(STAMP)
	$(BIN)/python benchmarks/bench.py --quick

bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py
