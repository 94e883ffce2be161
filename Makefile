# Two commands on a fresh Debian machine:
#   make run    install what is missing, build, evaluate the bundled examples, then walk a demo
#               organization through apply → approve → ledger on a SQLite file (PROFILE=…)
#   make test   install what is missing, build, run every test (also under ASan+UBSan and the fuzzers)
# Benchmarks (docs/performance.md): make bench (evaluation), make bench-ledger (the ledger at 1M entries,
# SQLite and PostgreSQL; BENCH_ENTRIES=100000 for a quick run), make bench-web (the web application
# under wrk against an nginx anchor; BENCH_WEB_1M=1 adds the server's memory at 1M entries)
BUILD      ?= build
JOBS       ?= 2
FUZZ_SECONDS ?= 30
MAKEFLAGS  += --no-print-directory

.PHONY: all run test deps deps-test build bench bench-ledger bench-web bench-discover clean

all: build

deps:
	@scripts/deps.sh build

deps-test:
	@scripts/deps.sh test

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(BUILD) -j$(JOBS) --target daicho

run: build
	@scripts/run-examples.sh $(BUILD)/daicho
	@scripts/run-demo.sh $(BUILD)/daicho

test: deps-test
	@JOBS=$(JOBS) FUZZ_SECONDS=$(FUZZ_SECONDS) scripts/test.sh

bench: build
	@cmake --build $(BUILD) -j$(JOBS) --target bench_evaluate
	@$(BUILD)/bench/bench_evaluate

bench-ledger: deps-test
	@JOBS=$(JOBS) bench/run-ledger-bench.sh

bench-web:
	@scripts/deps.sh bench-web
	@JOBS=$(JOBS) bench/run-web-bench.sh

# Discovery of unapproved services over a generated 10M-line Squid log (~1 GB under /tmp; BENCH_LINES=1000000 for a quick run).
bench-discover: deps
	@JOBS=$(JOBS) bench/run-discover-bench.sh

clean:
	rm -rf $(BUILD) build-asan build-fuzz build-bench
