# Two commands on a fresh machine: `make demo` (the main job) and `make test`. Each installs what it needs.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
SYSTEM_PACKAGES := nginx-light openssl chromium

.PHONY: demo test fixtures lint bench system-deps clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install -q -e '.[test,browser]'
	touch $(STAMP)

# Debian packages the tests and the browser probe use; installed only where missing (needs root or sudo).
system-deps:
	@missing=""; for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

demo: $(STAMP)
	$(VENV)/bin/confaudit demo --out confaudit-demo

test: $(STAMP) system-deps
	$(PY) -m pytest -q

# re-record the evidence the check tests judge (tests/evidence/*.json) from the loopback worlds of tests/sites/;
# `make fixtures NAMES="tls-legacy headers-soft"` re-records only those scenarios
fixtures: $(STAMP) system-deps
	$(PY) -m tests.evidence.record $(NAMES)

# ruff, then the layer contracts of DESIGN.md (pyproject.toml: [tool.importlinter])
lint: $(STAMP)
	$(VENV)/bin/ruff check confaudit checks tests bench
	$(VENV)/bin/lint-imports

bench: $(STAMP) system-deps
	@$(PY) -m compileall -q confaudit checks >/dev/null  # bytecode, as an installed package has
	@for b in bench/*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

clean:
	rm -rf $(VENV) confaudit-demo .pytest_cache
