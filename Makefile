# The two commands of README.md, and what they need.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
EXAMPLE ?= 1917
# each example in a database of its own (`make demo EXAMPLE=union`, or `make demo-union`)
DEMO_DB ?= $(if $(filter union,$(EXAMPLE)),var/demo-union.sqlite3,var/demo.sqlite3)
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: demo demo-union test lint audit bench clean

demo: $(VENV)/.installed
	@mkdir -p $(dir $(DEMO_DB))
	$(BIN)/smolny demo --example $(EXAMPLE) --db $(DEMO_DB) --host $(HOST) --port $(PORT)

demo-union:
	@$(MAKE) --no-print-directory demo EXAMPLE=union

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check src tests bench tools
	$(BIN)/mypy
	$(BIN)/lint-imports  # the layers' contracts, in pyproject.toml
	$(BIN)/python tools/structure.py --check  # no long module or function, no import loop

# Known vulnerabilities in dependencies, checked on the installed environment (the local
# package itself skipped). A vulnerability that cannot be fixed by upgrading is ignored
# here, each with its reason: AUDIT_IGNORE = --ignore-vuln PYSEC-XXXX-NN  # why
AUDIT_IGNORE ?=

audit: $(VENV)/.installed-dev
	@mkdir -p var && rm -f var/audit.json
	-$(BIN)/pip-audit --skip-editable --progress-spinner off --format json --output var/audit.json $(AUDIT_IGNORE)
	$(BIN)/python .ci/audit.py var/audit.json

bench: $(VENV)/.installed-test
	$(BIN)/python bench/votes.py

$(VENV)/.python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "smolny needs Python 3.11 or newer; set PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	@touch $@

$(VENV)/.installed: $(VENV)/.python pyproject.toml
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: $(VENV)/.python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@ $(VENV)/.installed

$(VENV)/.installed-dev: $(VENV)/.python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test,dev]'
	@touch $@ $(VENV)/.installed-test $(VENV)/.installed

clean:
	rm -rf $(VENV) var .pytest_cache .hypothesis
