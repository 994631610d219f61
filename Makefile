# CounterDesk — the README's two commands: `make run` and `make test`.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench lint typecheck sysdeps install clean screenshots package guide

$(STAMP): requirements.lock pyproject.toml
	bash scripts/sysdeps.sh
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade "pip>=24"
	$(BIN)/python -m pip install -q -r requirements.lock
	$(BIN)/python -m pip install -q --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

sysdeps:
	bash scripts/sysdeps.sh

run: $(STAMP)
	$(BIN)/counterdesk gui --mode desk

test: $(STAMP)
	$(BIN)/ruff check counterdesk tests bench
	$(BIN)/mypy counterdesk
	$(BIN)/lint-imports
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q $(PYTEST_ARGS)

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m bench $(BENCH_ARGS)

# The gallery of every mode at every screen size (docs/screenshots/, used by the user guide).
screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python scripts/screenshots.py docs/screenshots

# The user guide PDF (docs/guide/*.md, screenshots from docs/screenshots) into the package resources.
guide: $(STAMP)
	$(BIN)/python scripts/build_guide.py

# Not part of `make test` (several minutes): the PyInstaller bundle, its smoke test, the .deb.
package: $(STAMP) guide
	$(BIN)/python -m pip install -q -r packaging/requirements-packaging.txt
	PY=$(BIN)/python bash packaging/build.sh

lint: $(STAMP)
	$(BIN)/ruff check counterdesk tests bench

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
