# Two commands for a fresh Debian machine (as root): `make run` and `make test`.
# Each installs only what is missing, so both are quick once everything is there.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
APT_RUN := tesseract-ocr tesseract-ocr-rus tesseract-ocr-script-cyrl tesseract-ocr-eng fonts-freefont-ttf fonts-liberation \
           fonts-dejavu-core fonts-cmu fonts-paratype
APT_TEST := $(APT_RUN) tesseract-ocr-fra chromium chromium-driver
JOBS ?= $(shell nproc)

.PHONY: run test bench scans model system-run system-test venv venv-bench clean

run: system-run venv
	$(PY) -m pipeline run scans -o output --jobs $(JOBS)
	$(PY) -m pipeline eval output --gold scans

# One BLAS thread, as `make model` uses: the model rebuild test fits the same narrow matrices
# (115 CPU-s against 141 with two threads on this machine).
test: system-test venv
	OPENBLAS_NUM_THREADS=1 $(PY) -m pytest -q

bench: system-test venv-bench
	$(PY) -m benchmarks

# Regenerate the committed sample scans byte-identically (see scans/README.md).
scans: system-run venv
	$(PY) -m pipeline synth --samples -o scans

# Rebuild the small handwriting/stamp classifier from its seed; the shipped file must be what
# this builds (tests/integration/test_model_rebuild.py). One BLAS thread: the network's matrices
# are 24 columns wide, too narrow for threads to share; the result stays within the test's
# tolerance either way.
model: system-run venv
	OPENBLAS_NUM_THREADS=1 $(PY) -m pipeline.layout_model.train --seed 1950

# apt-get only when a package is missing; `apt-get update` once, before the first install.
system-run:
	@bash tools/apt-ensure $(APT_RUN)

system-test:
	@bash tools/apt-ensure $(APT_TEST)

venv: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $@

venv-bench: $(VENV)/.installed-bench

$(VENV)/.installed-bench: $(VENV)/.installed
	$(PY) -m pip install -q -e '.[test,bench]'
	touch $@

clean:
	rm -rf output/*.json output/*.txt output/*.xml output/report build
