# Sluice: `make demo` sets up, builds and runs the quickstart, churn and object-storage notebooks (and writes HTML);
# `make test` runs every test. Both install what is missing first.

SHELL := /bin/bash
.DEFAULT_GOAL := demo

VENV := .venv
PYTHON := $(VENV)/bin/python
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)
APT_PACKAGES := libzmq3-dev zlib1g-dev libssl-dev pkg-config python3-venv openmpi-bin prometheus

.PHONY: demo test bench system-deps venv bench-venv build release swift-test integration-test clean

## Debian packages: libzmq (for the kernel), zlib (for .gz files), OpenSSL's libcrypto (SHA-256 and HMAC), pkg-config, Python's venv (for the test tooling), Open MPI
## (for distributed jobs; `sluice` loads it only when a job needs it) and Prometheus (its promtool checks the alerting rules).
system-deps:
	@command -v swift >/dev/null || { echo "error: Swift 6 is needed (https://www.swift.org/install/linux/)"; exit 1; }
	@if ! pkg-config --exists libzmq zlib libcrypto 2>/dev/null || ! python3 -c 'import ensurepip, venv' 2>/dev/null || ! command -v mpirun >/dev/null || ! command -v promtool >/dev/null; then \
		echo "Installing $(APT_PACKAGES) with apt-get"; \
		$(SUDO) apt-get update -qq && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(APT_PACKAGES); \
	fi

## The Python tooling for tests and the demo, in .venv.
venv: $(VENV)/.installed

$(VENV)/.installed: requirements-dev.txt python/sluice-pygments/sluice_pygments/__init__.py | system-deps
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q --disable-pip-version-check -r requirements-dev.txt
	touch $@

build: system-deps
	swift build

release: system-deps
	swift build -c release

## Builds release, installs the kernelspec into .venv and runs the quickstart and churn notebooks through it,
## and the object-storage one against a local S3 server (SeaweedFS, started and stopped here).
demo: release venv
	.build/release/sluice-kernel install --prefix $(VENV)
	$(PYTHON) scripts/run-notebook --html notebooks/quickstart.ipynb out/notebooks
	$(PYTHON) scripts/with-alert-receiver $(PYTHON) scripts/run-notebook --html notebooks/churn-end-to-end.ipynb out/notebooks
	$(PYTHON) scripts/with-seaweedfs $(PYTHON) scripts/run-notebook --html notebooks/object-storage.ipynb out/notebooks

swift-test: build
	swift test

## The real binaries driven by jupyter_client, jupyter_kernel_test, nbclient and a pseudo-terminal.
integration-test: build venv
	$(PYTHON) -m pytest Tests/integration -q

test: swift-test integration-test

## The peers the benchmarks compare against (pandas, pyarrow, polars, scikit-learn, xgboost, FastAPI), in .venv.
bench-venv: $(VENV)/.bench-installed

$(VENV)/.bench-installed: benchmarks/requirements.txt $(VENV)/.installed
	$(VENV)/bin/pip install -q --disable-pip-version-check -r benchmarks/requirements.txt
	touch $@

## Benchmarks against the peers, in one run each; see benchmarks/README.md.
bench: release bench-venv
	$(PYTHON) benchmarks/csv_load.py
	$(PYTHON) benchmarks/boosting.py
	$(PYTHON) benchmarks/kmeans.py
	$(PYTHON) benchmarks/linear.py
	$(PYTHON) benchmarks/tuning.py
	$(PYTHON) benchmarks/kernel_latency.py
	@command -v wrk >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }
	$(PYTHON) benchmarks/serving.py
	$(PYTHON) benchmarks/transform.py
	$(PYTHON) benchmarks/s3_load.py
	$(PYTHON) benchmarks/distributed.py
	$(PYTHON) benchmarks/wrangling.py
	$(PYTHON) benchmarks/tracking.py

clean:
	rm -rf .build out
