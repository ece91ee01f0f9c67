# Counterpart — the two commands a newcomer needs are `make run` and `make test`.
# Every target first runs scripts/bootstrap, which installs whatever the machine lacks.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c

# One cargo target folder shared by every clone on the machine, so that a fresh clone
# (as CI makes) builds incrementally.
export CARGO_TARGET_DIR ?= $(HOME)/.cache/counterpart/target
CARGO ?= cargo
APP := $(CARGO_TARGET_DIR)/release/counterpart-desktop

.PHONY: run test bench app cli programs package package-test setup ui check-style

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

## The benchmarks on a generated database of 100,000 items, with their targets (and the
## sizes of the programs as shipped, hence their release build first); then the
## crash test with many more kills than `make test` runs (CRASH_KILLS, 500 by default).
## The window's figures are taken through WebDriver on a virtual display: the bench runs
## under scripts/with-display (Xvfb, a private D-Bus session, tauri-driver) when its tools
## are here, beside the empty Tauri window (crates/bench/empty-window), built in the same
## cargo command as the programs so that both link the same compiled tauri.
CRASH_KILLS ?= 500
bench: programs
	$(CARGO) build --release -q --locked $(RELEASE_PROGRAMS) -p counterpart-empty-window
	$(CARGO) build --release -q --locked -p counterpart-bench
	@display=; if scripts/with-display --check 2>/dev/null; then display=scripts/with-display; fi; \
	missed=0; $$display "$(CARGO_TARGET_DIR)/release/counterpart-bench" || missed=1; \
	echo; echo "crash test: $(CRASH_KILLS) SIGKILLs of a writing process (issue 6)"; \
	CRASH_KILLS=$(CRASH_KILLS) $(CARGO) test --release -q --locked -p counterpart-core --test durability \
		killed_writers_lose_nothing_they_reported -- --nocapture 2>&1 | grep -E '^crash test|test result'; \
	exit $$missed

## The programs as shipped, built together by one cargo command: built apart, the two
## would resolve the features of the crates they share differently (serde, tokio, the
## core itself…) and each compile its own copy of them, typst included (minutes each).
## So `make app`, `make cli`, `make package` and `make bench` all build both, and the
## second of them to run does nothing.
RELEASE_PROGRAMS := -p counterpart-desktop -p counterpart-cli
programs: ui
	@$(CARGO) build --release -q --locked $(RELEASE_PROGRAMS)

## Builds the desktop program as it ships; the last line printed is its path.
app: programs
	@echo "$(APP)"

## Builds the command line; the last line printed is the path of its executable.
cli: programs
	@echo "$(CARGO_TARGET_DIR)/release/counterpart"

## The installable packages, through Tauri's bundler (the Tauri CLI, an npm package of
## ui/): a .deb here, and from it an AppImage (scripts/appimage/build: Tauri's AppImage
## bundling downloads its tools from GitHub, this needs only Debian's packages); the .msi
## and the .dmg are configured in src-tauri/tauri.conf.json and are built on Windows and
## macOS. Made from the release
## programs `make app` and `make cli` build, so nothing is built twice (and the front end
## only when its sources changed); the command line is installed beside the app as
## /usr/bin/counterpart, and the whole command line it hands `brief`, `team`, `sync` and
## `share` to as /usr/lib/counterpart/counterpart-full (tauri.conf.json maps
## src-tauri/binaries/counterpart and counterpart-full, links to the built ones, made
## here). The last lines printed are the packages' paths.
TAURI := ui/node_modules/.bin/tauri
BUNDLE := $(CARGO_TARGET_DIR)/release/bundle
package: programs
	@mkdir -p src-tauri/binaries
	@for p in counterpart counterpart-full; do \
		ln -f "$(CARGO_TARGET_DIR)/release/$$p" src-tauri/binaries/$$p 2>/dev/null || \
			cp -f "$(CARGO_TARGET_DIR)/release/$$p" src-tauri/binaries/$$p; \
	done
	@rm -rf "$(BUNDLE)/deb" "$(BUNDLE)/appimage"
	@cd src-tauri && ../$(TAURI) bundle --ci --no-sign --no-binary-patching --bundles deb
	@scripts/appimage/build "$(BUNDLE)"/deb/Counterpart_*.deb "$(BUNDLE)/appimage" >/dev/null
	@ls -1 "$(BUNDLE)"/deb/*.deb "$(BUNDLE)"/appimage/*.AppImage

## Builds the packages, installs the .deb on this machine, checks the installed command
## line and drives the installed app through WebDriver to its first rows, removes the
## package again, then does the same with the AppImage (scripts/package-test). Needs root
## or sudo.
package-test: package
	scripts/package-test
