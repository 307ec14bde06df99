# The single entry point: `make run` serves the app on the demo data, `make test` runs every test.
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-requirements
DB ?= $(or $(GROWTH_DB),data/warehouse.duckdb)

.PHONY: run test install demo browser lint format bench fuzz clean

run: install
	@test -f "$(DB)" || $(BIN)/python -m etl demo --db "$(DB)"
	$(BIN)/python -m etl upgrade --db "$(DB)"
	GROWTH_DB="$(DB)" $(BIN)/streamlit run server.py

test: install browser
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest -n 3 --dist worksteal --durations=25  # three workers on two cores: the browser tests wait on Chromium and the app a third of the time; an idle worker takes tests queued for another; the slowest tests listed, to keep make test under 10 minutes

install: $(STAMP)

$(STAMP): requirements.txt
	test -x $(BIN)/python || python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $(STAMP)

# Browser tests drive Debian's Chromium: Playwright's own browser download does not work here.
browser:
	@command -v chromium >/dev/null || { \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium; \
		else sudo apt-get update -qq && sudo apt-get install -y -qq chromium; fi; }

demo: install
	$(BIN)/python -m etl demo --db "$(DB)"

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Every bench script at the demo size, one after another; bench/README.md has the commands at
# scale (--participants N) and the latest figures.
bench: install browser
	$(BIN)/python bench/load_bench.py --dir data/sample
	$(BIN)/python bench/incremental_bench.py
	$(BIN)/python bench/page_bench.py
	$(BIN)/python bench/naive_pages.py
	$(BIN)/python bench/browser_bench.py
	$(BIN)/python bench/concurrency_bench.py

# The loader's property-based suite at length (`make test` runs 25 examples of it):
# FUZZ_EXAMPLES=N sets how many files are generated, mutated and loaded (default 2000).
fuzz: install
	HYPOTHESIS_PROFILE=fuzz $(BIN)/pytest tests/test_load_fuzz.py -q

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache test-artifacts
