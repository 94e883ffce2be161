# Two commands on a fresh Debian machine:
#   make run    install what is missing, build, evaluate the bundled examples
#   make test   install what is missing, build, run every test (also under ASan+UBSan and the fuzzers)
BUILD      ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
JOBS       ?= 2
FUZZ_SECONDS ?= 30

.PHONY: all run test deps deps-test build unit-test asan-test fuzz bench clean

all: build

deps:
	@scripts/deps.sh build

deps-test:
	@scripts/deps.sh test

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(BUILD) -j$(JOBS)

run: build
	@scripts/run-examples.sh $(BUILD)/daicho

unit-test: deps-test
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(BUILD) -j$(JOBS)
	@cd $(BUILD) && ctest --output-on-failure -j$(JOBS)

asan-test: deps-test
	@cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DDAICHO_SANITIZE=ON >/dev/null
	@cmake --build $(ASAN_BUILD) -j$(JOBS)
	@cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --output-on-failure -j$(JOBS)

fuzz: deps-test
	@CC=clang cmake -S . -B $(FUZZ_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDAICHO_FUZZ=ON >/dev/null
	@cmake --build $(FUZZ_BUILD) -j$(JOBS) --target fuzz_profile fuzz_application
	@scripts/run-fuzzers.sh $(FUZZ_BUILD) $(FUZZ_SECONDS)

test: unit-test asan-test fuzz
	@scripts/summary.sh $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD)

bench: build
	@cmake --build $(BUILD) -j$(JOBS) --target bench_evaluate
	@$(BUILD)/bench/bench_evaluate

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD)
