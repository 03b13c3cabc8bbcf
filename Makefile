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

# Every extra; torch first, pinned to the CPU build, so the `semantic` extra pulls in no CUDA
# packages. The browser tests need Debian's chromium and chromium-driver (.ci/setup-browser),
# the Spark tests a Java 17+ runtime (.ci/setup-java).
install-dev: $(BIN)/python
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e '.[test,nlp,semantic,spark]'
	bash .ci/setup-browser
	bash .ci/setup-java

# The main job on the sample corpus, then a look at what it found; the report is
# $(OUT)/report/index.html (open it from disk, or run `.venv/bin/newsweave serve --db $(OUT)/demo.db`).
demo: install
	rm -rf $(OUT)/demo.db $(OUT)/report
	mkdir -p $(OUT)
	$(BIN)/newsweave run samples/corpus --db $(OUT)/demo.db --out $(OUT)/report
	$(BIN)/newsweave stories list --db $(OUT)/demo.db
	$(BIN)/newsweave reuse show $$($(BIN)/newsweave articles --db $(OUT)/demo.db --outlet "Meridian Press" --json | $(BIN)/python -c "import json,sys; print(json.load(sys.stdin)[-1]['id'])") --db $(OUT)/demo.db
	$(BIN)/newsweave compare $$($(BIN)/newsweave stories list --db $(OUT)/demo.db --query strike --json | $(BIN)/python -c "import json,sys; print(json.load(sys.stdin)[-1]['story_id'])") --db $(OUT)/demo.db
	$(BIN)/newsweave export stories --db $(OUT)/demo.db --format jsonl --out $(OUT)/stories.jsonl
	@echo "report: $(OUT)/report/index.html"

lint:
	$(BIN)/ruff check src tests bench fuzz
	$(BIN)/ruff format --check src tests bench fuzz

typecheck:
	$(BIN)/mypy src

# One run of every test, slow ones included (plain `pytest` skips the slow marker).
pytest:
	$(BIN)/pytest -m "slow or not slow"

test: install-dev lint typecheck pytest

clean:
	rm -rf $(OUT) .pytest_cache .mypy_cache .ruff_cache
