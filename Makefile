# Two commands a user needs: `make demo` and `make test`. Both create .venv when missing.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: demo test browser bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/python -m pip install --quiet --no-deps 'pyxform>=2.0,<5'  # see pyproject.toml
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/survey run analyses/example.yaml --out reports/example --generated-at 2026-11-21

# Debian's Chromium (/usr/bin/chromium, which the browser tests drive with playwright), a CJK
# font for the report's Chinese, poppler-utils, and LibreOffice without a GUI (the office tests
# convert report.docx and tables.xlsx with it); each installed only when missing (CI runs as
# root).
browser:
	@missing=""; \
	[ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	fc-list 2>/dev/null | grep -q "Noto Sans CJK" || missing="$$missing fonts-noto-cjk"; \
	command -v pdftotext >/dev/null 2>&1 || missing="$$missing poppler-utils"; \
	command -v soffice >/dev/null 2>&1 || missing="$$missing libreoffice-writer-nogui libreoffice-calc-nogui"; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian's$$missing for the browser and office tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

# ruff, mypy (pyproject's tool.mypy: strict over survey/), the suite under coverage, then the
# coverage floor (pyproject's tool.coverage.report).
test: $(STAMP) browser
	$(BIN)/ruff check survey tests benchmarks docs
	$(BIN)/python -m mypy
	$(BIN)/python -m coverage run -m pytest -q
	@printf 'line coverage, %%: '
	@$(BIN)/python -m coverage report --format=total

bench: $(STAMP)
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis .coverage .mypy_cache
