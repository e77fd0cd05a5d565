# The two set-up commands: `make demo` and `make test`. Everything they need is installed here.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck unit bench clean install

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	rm -rf build/demo
	$(BIN)/custodes audit examples/fictional-council-asset-register.csv --format md --output build/demo/audit-report.md
	$(BIN)/custodes audit examples/fictional-council-asset-register.csv --format json --output build/demo/audit-report.json --quiet
	$(BIN)/custodes campaign demo --db build/demo/campaign.db
	$(BIN)/custodes campaign export demo-london-cctv --db build/demo/campaign.db --out build/demo/campaign-export --as-of 2026-11-20 --format csv,json,sqlite,geojson,documents --basis all
	$(BIN)/custodes report demo-london-cctv --db build/demo/campaign.db --as-of 2026-11-20 --basis all --format html --output build/demo/campaign-report.html
	$(BIN)/custodes report build/demo/audit-report.json --format html --output build/demo/audit-report.html
	@echo
	@echo "Open these first (self-contained HTML reports, work offline):"
	@echo "  $(CURDIR)/build/demo/campaign-report.html"
	@echo "  $(CURDIR)/build/demo/audit-report.html"
	@echo "Audit report (fictional council register): build/demo/audit-report.md (and .json)"
	@echo "Campaign (fictional London FOI answers):    build/demo/campaign.db, exports in build/demo/campaign-export/"
	@echo "Web app on the demo campaign:               $(BIN)/custodes serve --db build/demo/campaign.db --audits build/demo --basis all"

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/pytest -n 2 -q

test: lint typecheck unit

bench: $(STAMP)
	$(BIN)/python benchmarks/resolve.py
	$(BIN)/python benchmarks/extract.py
	$(BIN)/python benchmarks/campaign.py
	$(BIN)/python benchmarks/audit.py
	$(BIN)/python benchmarks/robustness.py
	$(BIN)/python benchmarks/bulk.py
	$(BIN)/python benchmarks/web.py
	$(BIN)/python benchmarks/scan.py

clean:
	rm -rf $(VENV) build .pytest_cache .mypy_cache .ruff_cache
