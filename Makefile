# CounterDesk — the README's two commands: `make run` and `make test`.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench lint typecheck sysdeps install clean

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

lint: $(STAMP)
	$(BIN)/ruff check counterdesk tests bench

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
