# Two commands for a newcomer: `make demo` and `make test`. Both build .venv from the lock file.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export DAGSTER_HOME := $(CURDIR)/.dagster_home
export DAGSTER_DISABLE_TELEMETRY := yes

.PHONY: install demo test lint dev bench contract clean

install: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q -r requirements.lock
	$(BIN)/python -m pip install -q --no-deps -e .
	mkdir -p $(DAGSTER_HOME)
	printf 'telemetry:\n  enabled: false\n' > $(DAGSTER_HOME)/dagster.yaml
	touch $(STAMP)

demo: install
	$(BIN)/ringwatch demo

test: install
	$(BIN)/ruff check .
	# the browser tests drive Debian's Chromium (Playwright cannot download its own here)
	command -v chromium >/dev/null || (apt-get update && apt-get install -y chromium)
	$(BIN)/python -m pytest -q -n 2 tests

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

dev: install
	$(BIN)/dagster dev -w workspace.yaml

# Whole-pipeline benchmark (issue 8): not part of `make test`. ACCOUNTS=250000,1000000 by default.
ACCOUNTS ?= 250000,1000000
bench: install
	$(BIN)/python benchmarks/bench.py --accounts $(ACCOUNTS) --rerun

# docs/data_contract.md, rendered from analytics/contract.py (tests/test_contract_doc.py fails
# when the two differ). `python -m` from here: the checkout's code, whatever the venv points at.
contract: install
	$(BIN)/python -m pipelines.cli contract --write

clean:
	rm -rf $(VENV) $(DAGSTER_HOME) .pytest_cache
