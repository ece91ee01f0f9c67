# Counterpart — the two commands a newcomer needs are `make run` and `make test`.
# Every target first runs scripts/bootstrap, which installs whatever the machine lacks.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c

# One cargo target folder shared by every clone on the machine, so that a fresh clone
# (as CI makes) builds incrementally.
export CARGO_TARGET_DIR ?= $(HOME)/.cache/counterpart/target
CARGO ?= cargo
APP := $(CARGO_TARGET_DIR)/release/counterpart-desktop

.PHONY: run test bench app cli setup ui check-style

setup:
	@scripts/bootstrap

## The front end, built into ui/dist (embedded in the app at compile time): again only
## when one of its sources is newer than the last build, so that `make run` with nothing
## changed neither rebuilds it nor makes cargo relink the app (a fresh ui/dist is a
## change to the app's build).
UI_SOURCES := $(shell find ui/src ui/public -type f 2>/dev/null) $(wildcard ui/index.html \
	ui/package.json ui/package-lock.json ui/vite.config.ts ui/svelte.config.js ui/tsconfig*.json)
ui/dist/index.html: $(UI_SOURCES) | setup
	npm --prefix ui run --silent build
	@touch $@

ui: setup ui/dist/index.html

## Opens the desktop app on the default database (`make run DEMO=1`: on a demo database).
run: app
	"$(APP)" $(if $(DEMO),--demo,)

## Every test: style and lints, the front end's checks and unit tests, the Rust tests,
## then the window's end-to-end tests under xvfb-run. Ends with "N passed, N failed".
test: setup ui check-style
	scripts/run-tests

check-style: ui
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets --locked -- -D warnings
	npm --prefix ui run --silent check

## The benchmarks on a generated database of 100,000 items, with their targets; then the
## crash test with many more kills than `make test` runs (CRASH_KILLS, 500 by default).
CRASH_KILLS ?= 500
bench: setup
	$(CARGO) build --release -q --locked -p counterpart-bench -p counterpart-cli
	@missed=0; "$(CARGO_TARGET_DIR)/release/counterpart-bench" || missed=1; \
	echo; echo "crash test: $(CRASH_KILLS) SIGKILLs of a writing process (issue 6)"; \
	CRASH_KILLS=$(CRASH_KILLS) $(CARGO) test --release -q --locked -p counterpart-core --test durability \
		killed_writers_lose_nothing_they_reported -- --nocapture 2>&1 | grep -E '^crash test|test result'; \
	exit $$missed

## Builds the desktop program as it ships; the last line printed is its path.
app: ui
	@$(CARGO) build --release -q --locked -p counterpart-desktop
	@echo "$(APP)"

## Builds the command line; the last line printed is the path of its executable.
cli: setup
	@$(CARGO) build --release -q --locked -p counterpart-cli
	@echo "$(CARGO_TARGET_DIR)/release/counterpart"
