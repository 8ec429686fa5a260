# Two commands to start: `make run` and `make test`. Each target is a thin call; logic lives in kit/.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
RUN_STAMP  := $(VENV)/.kit-run
TEST_STAMP := $(VENV)/.kit-test
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# Debian packages the tests drive: a browser, LibreOffice to render every exported DOCX (with the
# Liberation fonts and poppler to read the PDF back), PostgreSQL and nginx started by test fixtures.
SYSTEM_PACKAGES := chromium libreoffice-writer-nogui fonts-liberation2 poppler-utils postgresql nginx
AXE := node_modules/axe-core/axe.min.js

.PHONY: run test lint bench check-content chromium system-packages axe readme page-chunks clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(RUN_STAMP): pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(TEST_STAMP): pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -e '.[test,postgres]'
	touch $@ $(RUN_STAMP)

run: $(RUN_STAMP)
	$(BIN)/kit serve $(ARGS)  # serve creates or upgrades the database of its own data folder

test: $(TEST_STAMP) system-packages axe lint
	$(BIN)/python -m pytest --nbval --nbval-sanitize-with tests/nbval-sanitize.cfg

lint: $(TEST_STAMP)
	$(BIN)/ruff check kit tests benchmarks
	$(BIN)/mypy kit

bench: $(TEST_STAMP) system-packages
	$(BIN)/python -m benchmarks

check-content: $(RUN_STAMP)
	$(BIN)/kit check

readme: $(RUN_STAMP)
	$(BIN)/kit readme --write

page-chunks: $(TEST_STAMP) system-packages
	$(BIN)/python -m devtools.bundle_record

chromium: system-packages

system-packages:
	@missing=""; for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  $(SUDO) apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

axe: $(AXE)

$(AXE): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

clean:
	rm -rf $(VENV) node_modules test-artifacts bench-results .pytest_cache .mypy_cache .ruff_cache
