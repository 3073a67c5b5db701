# Pacecast: the two commands a user needs are `make demo` and `make test`.
# Everything installs what is missing first (scripts/install-deps), then builds with CMake.

BUILD      ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
JOBS       ?= $(shell nproc)
CMAKE_ARGS ?=
FUZZ_SECONDS ?= 60
FUZZ_SMOKE_SECONDS ?= 10

.PHONY: all demo test unit sanitize bench fuzz fuzz-configure fuzz-build fuzz-smoke format deps build clean help

all: build

help:
	@echo "make demo      install, build, render a minute of the Almaty sample race with overlays to out/demo.mp4"
	@echo "make test      install, build, run the whole test suite (ctest), then the ASan+UBSan build"
	@echo "make bench     run the benchmarks (pacecast bench race, feed, render, pipeline); figures in docs/benchmarks.md"
	@echo "make fuzz      libFuzzer on every parser of outside input, FUZZ_SECONDS each (clang)"
	@echo "               (make test runs the feed decoder's target for FUZZ_SMOKE_SECONDS)"
	@echo "make format    clang-format every source file"

deps:
	@scripts/install-deps

$(BUILD)/build.ninja:
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_ARGS)

build: deps $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS)

# The Almaty sample served by the embedded simulator on a loopback WebSocket at 60× race
# speed from shortly before the marathon leaders reach 30 km, over the test background with
# the broadcast overlays on air, for a minute: out/demo.mp4.
demo: build
	@mkdir -p out
	./$(BUILD)/pacecast run --race almaty --feed sim --at 07:58:00 --speed 60 --duration 60 \
	  --overlay race_clock,leaderboard,record_pace,split_card,ticker --preset superfast \
	  --output out/demo.mp4

unit: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# The pure modules (core, race, feed, bundle, render, scene, director, control, overlays) and
# their tests and fuzz corpora, rebuilt with AddressSanitizer and UndefinedBehaviorSanitizer.
# Five whole-race cross-checks run only in `make unit`, to keep CI within its time: the three
# Boston official-place reproductions (each over a minute under ASan; the same importer code runs
# here on every Boston year in "every Boston year imports"), standings_as_of against a model
# fed only earlier events on the whole Almaty sample (its small-race cases run here), and
# every Boston read's net time against the file's split (the same code runs here in the
# importer tests); and the director's replays of the whole Almaty day but one (each 10-17 s
# under ASan; `leader_passes` and the rules' parsing run here, and the fuzz corpus drives a
# Director too); and the announcer's all-day callout replays but two (10-20 s each under
# ASan; the leaders and the firsts replay the whole Almaty day here through the same engine,
# and the rate limit and de-duplication run here on a small race); and the control API's
# flood of 10,000 requests (28 s under ASan; the API's fuzz corpus and every other API test
# run here).
SANITIZE_SKIP = api: 10,000 random and malformed requests|Boston 201[589] official places|standings_as_of equals a model fed only earlier events \(Almaty|every read.s net time equals the file.s split|director:(vip_passes|record_delta_crosses_zero|a mat without reads|coarse steps|a delayed program|cooldown, priority|every action of the shipped|first_finisher|every fires|a director started mid-race)|announcer:(nothing is said twice all day|an engine started mid-race|VIPs approaching the finish|Boston 2019: leaders|the day.s 1,000th|Ekiden exchanges)
sanitize: deps
	cmake -S . -B $(ASAN_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DPACECAST_SANITIZE=ON -DPACECAST_PURE_ONLY=ON
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp UBSAN_OPTIONS=print_stacktrace=1 ctest --output-on-failure -j $(JOBS) -E '$(SANITIZE_SKIP)'

# A short libFuzzer run of the feed message decoder (the parser facing the network) on
# every test run; `make fuzz` runs every target longer.
fuzz-smoke: fuzz-configure
	cmake --build $(FUZZ_BUILD) -j $(JOBS) --target feed_codec_fuzz
	@mkdir -p $(FUZZ_BUILD)/corpus/feed_codec
	$(FUZZ_BUILD)/tests/fuzz/feed_codec_fuzz -max_total_time=$(FUZZ_SMOKE_SECONDS) -print_final_stats=1 \
	  $(FUZZ_BUILD)/corpus/feed_codec tests/fuzz/corpus/feed_codec

test: unit sanitize fuzz-smoke

bench: build
	./$(BUILD)/pacecast bench race
	./$(BUILD)/pacecast --log-level warn bench feed
	./$(BUILD)/pacecast --log-level warn bench render
	./$(BUILD)/pacecast --log-level warn bench pipeline

fuzz-configure: deps
	CC=clang CXX=clang++ cmake -S . -B $(FUZZ_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo '-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g -DNDEBUG' -DPACECAST_FUZZ=ON -DPACECAST_PURE_ONLY=ON -DBUILD_TESTING=OFF

fuzz-build: fuzz-configure
	cmake --build $(FUZZ_BUILD) -j $(JOBS)

fuzz: fuzz-build
	@for f in $(FUZZ_BUILD)/tests/fuzz/*_fuzz; do \
	  name=$$(basename $$f _fuzz); mkdir -p $(FUZZ_BUILD)/corpus/$$name; \
	  echo "== $$name ($(FUZZ_SECONDS) s)"; \
	  $$f -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 $(FUZZ_BUILD)/corpus/$$name tests/fuzz/corpus/$$name || exit 1; \
	done

format:
	clang-format -i $$(git ls-files '*.cpp' '*.h')

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD)
