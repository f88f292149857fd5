# Warden: every install step lives here, so a fresh clone needs only `make run` or `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.9
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
UI_PORT ?= 3000
export TLDEXTRACT_CACHE := $(CURDIR)/.tldextract
export GX_ANALYTICS_ENABLED := false
export DAGSTER_HOME := $(CURDIR)/dagster_home
# pyspark starts $JAVA_HOME/bin/java, else the java on the PATH: the check looks at the same one.
JAVA := $(if $(JAVA_HOME),$(JAVA_HOME)/bin/java,java)
JAVA_OK := $(JAVA) -version 2>&1 | awk -F'"' '/version/ {split($$2, v, "."); ok = v[1] >= 17} END {exit !ok}'
JAVA_MISSING := Java 17 is required for the Spark engine and the tests marked spark: install openjdk-17-jre-headless

.PHONY: help install java run ui browser test test-fast lint bench lock clean sample-data

help:  ## Show the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-12s %s\n", $$1, $$2}'

install: $(STAMP) $(NODE_STAMP)  ## Create .venv and install everything pinned (idempotent)
	@$(JAVA_OK) || echo "note: $(JAVA_MISSING) (make run, the Polars engine, works without it)"

java:  ## Fail unless Java 17+ is there (the Spark engine and the tests marked spark need it)
	@$(JAVA_OK) || { echo "$(JAVA_MISSING)"; exit 1; }

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "Python 3.11 is required"'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"
	$(BIN)/uv pip sync --quiet --compile-bytecode --python $(BIN)/python --require-hashes requirements.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps --no-build-isolation -e .
	touch $(STAMP)

$(NODE_STAMP): package.json package-lock.json  # Azurite, the Azure Storage emulator for tests
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

run: install  ## Scan sample_data/ with warden.yaml and print the catalog
	$(BIN)/warden scan

# Dagster's gRPC defaults (100 MB a message, 180 s a repository fetch) stop the UI from loading
# a catalog of more than about 13,000 datasets of 20 columns (README, "Large catalogs").
DAGSTER_LARGE_CATALOG := DAGSTER_GRPC_MAX_RX_BYTES=2000000000 DAGSTER_GRPC_MAX_SEND_BYTES=2000000000 \
	DAGSTER_REPOSITORY_GRPC_TIMEOUT_SECONDS=1800

ui: install  ## Start the Dagster UI on http://127.0.0.1:3000 (scan once first: `make run`)
	$(DAGSTER_LARGE_CATALOG) WARDEN_DAGSTER_URL=http://127.0.0.1:$(UI_PORT) \
	  $(BIN)/dagster dev -m pipelines.definitions -h 127.0.0.1 -p $(UI_PORT)

browser:  ## Debian's Chromium for the UI tests (Playwright drives it; nothing is downloaded by Playwright)
	@command -v chromium >/dev/null 2>&1 || { \
	  if command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	  else echo "chromium is missing: install Debian's chromium package for the UI tests"; exit 1; fi; }

test: install java lint browser  ## Lint, type-check and run the whole suite (needs Java 17)
	$(BIN)/pytest -q -n auto --dist loadfile

test-fast: install  ## The suite without the slow groups (spark, azurite, ui)
	$(BIN)/pytest -q -n auto --dist loadfile -m "not spark and not azurite and not ui and not slow"

lint: install  ## ruff and mypy
	$(BIN)/ruff check .
	$(BIN)/mypy

bench: install java  ## Accuracy and speed figures against baselines measured in the same run
	$(BIN)/python -m bench.run
	$(BIN)/python -m bench.spark_bench --rows 1000000 10000000 --cores 1 2
	$(BIN)/python -m bench.azure_bench --parquet bench/out/customers_1000000.parquet

sample-data: install  ## Regenerate sample_data/ from its generator
	$(BIN)/python sample_data/generate.py

lock:  ## Re-resolve requirements.lock from pyproject.toml (needs the registry)
	$(BIN)/uv pip compile pyproject.toml --extra spark --extra nlp --extra postgres --extra dev \
	  --python-version 3.11 --generate-hashes -o requirements.lock

clean:  ## Remove the virtualenv and run-time state
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache dagster_home/warden.db*
