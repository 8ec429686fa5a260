# Two commands to start: `make run` and `make test`. Each target is a thin call; logic lives in kit/.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
RUN_STAMP  := $(VENV)/.kit-run
TEST_STAMP := $(VENV)/.kit-test
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test lint bench check-content chromium readme page-chunks clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(RUN_STAMP): pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(TEST_STAMP): pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(RUN_STAMP)

run: $(RUN_STAMP)
	$(BIN)/kit serve $(ARGS)  # serve creates or upgrades the database of its own data folder

test: $(TEST_STAMP) chromium lint
	$(BIN)/python -m pytest --nbval --nbval-sanitize-with tests/nbval-sanitize.cfg

lint: $(TEST_STAMP)
	$(BIN)/ruff check kit tests benchmarks
	$(BIN)/mypy kit

bench: $(TEST_STAMP) chromium
	$(BIN)/python -m benchmarks

check-content: $(RUN_STAMP)
	$(BIN)/kit check

readme: $(RUN_STAMP)
	$(BIN)/kit readme --write

page-chunks: $(TEST_STAMP) chromium
	$(BIN)/python -m devtools.bundle_record

chromium:
	@command -v chromium >/dev/null 2>&1 || ($(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium)

clean:
	rm -rf $(VENV) test-artifacts bench-results .pytest_cache .mypy_cache .ruff_cache
