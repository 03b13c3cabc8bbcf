# Two commands do all set-up on a fresh machine:
#   make demo   install, run newsweave on the sample corpus, write the report
#   make test   install with every extra, lint, type-check and run all tests
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
OUT ?= out

.PHONY: demo test install install-dev lint typecheck pytest bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install -q -e .

# Every extra; torch first from the local CPU wheel so no CUDA build is pulled in.
install-dev: $(BIN)/python
	$(BIN)/pip install -q -e '.[test,nlp]'

demo: install
	rm -f $(OUT)/demo.db
	mkdir -p $(OUT)
	$(BIN)/newsweave ingest samples/corpus --db $(OUT)/demo.db || [ $$? -eq 3 ]
	$(BIN)/newsweave stats --db $(OUT)/demo.db
	$(BIN)/newsweave articles --db $(OUT)/demo.db
	$(BIN)/newsweave export articles --db $(OUT)/demo.db --format jsonl --out $(OUT)/articles.jsonl

lint:
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck:
	$(BIN)/mypy src

pytest:
	$(BIN)/pytest -m "not slow"
	$(BIN)/pytest -m slow || [ $$? -eq 5 ]

test: install-dev lint typecheck pytest

clean:
	rm -rf $(OUT) .pytest_cache .mypy_cache .ruff_cache
