# HopTac: `make run` starts everything on the embedded default; `make test` runs the suite.
# Both install what they need first (virtualenv, Python packages, Kafka jars, PostgreSQL).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell sha1sum pyproject.toml | cut -c1-12)

.PHONY: install broker postgres run test lint typecheck pytest bench schemas clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)

install: $(STAMP)

broker: install  ## Kafka's jars from Maven Central, cached outside the clone
	$(BIN)/python -c "from hoptac.infra.kafka import ensure_jars; print('kafka jars:', ensure_jars())"

postgres:  ## Debian's PostgreSQL, for the suite's PostgreSQL runs
	bash deploy/postgres/install.sh

run: install broker
	$(BIN)/hoptac up

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy

pytest: install broker postgres
	$(BIN)/pytest

test: lint typecheck pytest

bench: install
	$(BIN)/python bench/bench_parsing.py
	$(BIN)/python bench/bench_classify.py
	$(BIN)/python bench/bench_ingest_endpoint.py
	$(BIN)/python bench/sector_threshold_sweep.py
	$(BIN)/python bench/naive_keyword_baseline.py

schemas: install
	$(BIN)/hoptac schemas --out docs/schemas

clean:
	rm -rf data .pytest_cache .mypy_cache .ruff_cache
