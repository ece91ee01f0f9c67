# Counterpart — the two commands a newcomer needs are `make run` and `make test`.
# Every target first runs scripts/bootstrap, which installs whatever the machine lacks.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c

# One cargo target folder shared by every clone on the machine, so that a fresh clone
# (as CI makes) builds incrementally.
export CARGO_TARGET_DIR ?= $(HOME)/.cache/counterpart/target
CARGO ?= cargo

.PHONY: run test bench cli setup check-style

setup:
	@scripts/bootstrap

## Opens Counterpart on the default database. Until the desktop app lands this is the
## command line's list of open items, longest waiting first.
run: setup
	$(CARGO) build --release -q -p counterpart-cli
	"$(CARGO_TARGET_DIR)/release/counterpart" list --open

## Every test: formatting and lints, then the unit, property, database and CLI tests.
test: setup check-style
	scripts/run-tests

check-style:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets --locked -- -D warnings

## The benchmarks on a generated database of 100,000 items, with their targets.
bench: setup
	$(CARGO) build --release -q --locked -p counterpart-bench
	"$(CARGO_TARGET_DIR)/release/counterpart-bench"

## Builds the command line; the last line printed is the path of its executable.
cli: setup
	@$(CARGO) build --release -q --locked -p counterpart-cli
	@echo "$(CARGO_TARGET_DIR)/release/counterpart"
