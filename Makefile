# ccsla -- build, test, demo and benchmark.
#
# The two commands a new user runs (README.md):
#   make demo    run the pipeline on the bundled example
#   make check   build and run every test, then again under ASan + UBSan
#
# Sources are found by wildcard: a new module is a new .c file in a stage's
# folder (pipeline/*/, contracts/, reports/*/; README "Where things are");
# a new unit test is a new tests/test_*.c; a new end-to-end test is a new
# tests/e2e/*.sh. Includes name their folder ("core/store.h",
# "contracts/contract.h", "reports/sign/sign.h") unless they are in the same
# one; tests/e2e/layers.sh keeps the folders' dependencies one way.

PKGS       = zlib libdeflate yaml-0.1 yajl libcrypto libcurl cmocka
DEB_PKGS   = build-essential pkg-config zlib1g-dev libdeflate-dev libcsv-dev libhpdf-dev \
             libcmocka-dev libssl-dev libyaml-dev libyajl-dev fonts-dejavu-core \
             poppler-utils qpdf tzdata groff-base libcurl4-openssl-dev \
             libengine-pkcs11-openssl softhsm2 python3 chromium
BUILD     ?= build
SAN       ?=
PREFIX    ?= /usr/local
DESTDIR   ?=

CC        ?= cc
CPPFLAGS   = -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Ipipeline -I. \
             -DCCSLA_VERSION='"$(VERSION)"'
# -Wno-format-truncation: gcc's guess differs between optimisation levels
# (the sanitizer build warns where the plain one does not); paths and
# messages are bounded by snprintf on purpose.
CFLAGS     = -std=c17 -Wall -Wextra -Werror -Wno-format-truncation -O2 -g $(SAN) $(XCFLAGS) $(PC_CFLAGS)
LDFLAGS    = $(SAN)
LDLIBS     = $(PC_LIBS) -lcsv -lhpdf -lm
VERSION   := $(shell cat VERSION 2>/dev/null || echo 0.0.0)

# pkg-config is asked only when something is built, so that `make deps`
# works on a machine that does not have pkg-config yet.
PC_CFLAGS  = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PC_LIBS    = $(shell pkg-config --libs $(PKGS) 2>/dev/null)

LIB_SRC   := $(filter-out pipeline/cli/main.c, $(wildcard pipeline/*/*.c contracts/*.c reports/*/*.c))
LIB_OBJ   := $(LIB_SRC:%.c=$(BUILD)/obj/%.o)
TEST_SRC  := $(wildcard tests/test_*.c)
TEST_BIN  := $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)
TOOL_SRC  := $(wildcard tests/tools/*.c)
TOOL_BIN  := $(TOOL_SRC:tests/tools/%.c=$(BUILD)/tools/%)
# Fuzz targets (tests/fuzz/README.md): one file tests/fuzz/fuzz_NAME.c each.
# `make test` links each with replay.c to replay its stored inputs;
# `make fuzz` links it with libFuzzer (clang) in build-fuzz/.
FUZZ_SRC  := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_NAMES := $(FUZZ_SRC:tests/fuzz/%.c=%)
REPLAY_BIN := $(FUZZ_NAMES:%=$(BUILD)/fuzz-replay/%)
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 60
FUZZ_SAN   = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

.PHONY: all deps check test asan tsan demo bench install clean fuzz fuzz-build
.SECONDARY:
all: deps-ok $(BUILD)/ccsla $(TOOL_BIN)

## deps: install the Debian packages that are missing (as root), or name them
deps:
	@sh .ci/deps $(DEB_PKGS)

# Cheap check before every build: a stamp per package list.
deps-ok: $(BUILD)/.deps-ok
$(BUILD)/.deps-ok: Makefile .ci/deps
	@sh .ci/deps $(DEB_PKGS)
	@mkdir -p $(BUILD) && touch $@

# order-only: with make -j, no object compiles before the packages (their
# headers) are there
$(BUILD)/obj/%.o: %.c | $(BUILD)/.deps-ok
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/libccsla.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/ccsla: $(BUILD)/obj/pipeline/cli/main.o $(BUILD)/libccsla.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/tests/%: $(BUILD)/obj/tests/%.o $(BUILD)/libccsla.a
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/tools/%: $(BUILD)/obj/tests/tools/%.o $(BUILD)/libccsla.a
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# gen_logs writes the operations logs with tests/tools/gen/ (not a tool of its own)
$(BUILD)/tools/gen_logs: $(BUILD)/obj/tests/tools/gen/ops.o

$(BUILD)/fuzz-replay/%: $(BUILD)/obj/tests/fuzz/%.o $(BUILD)/obj/tests/fuzz/replay.o $(BUILD)/libccsla.a
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/fuzz/%: $(BUILD)/obj/tests/fuzz/%.o $(BUILD)/libccsla.a
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -fsanitize=fuzzer -o $@ $^ $(LDLIBS)

## test: build and run the unit and end-to-end tests once
test: all $(TEST_BIN) $(REPLAY_BIN)
	@sh tests/run.sh $(BUILD)

## check: the README's test command: the suite, then the suite under ASan + UBSan,
# then the threaded stages under ThreadSanitizer
check: test
	@$(MAKE) --no-print-directory asan
	@$(MAKE) --no-print-directory tsan

## asan: run the suite again under AddressSanitizer and UndefinedBehaviorSanitizer
# (the crash test kills at every 4th durable step there: each kill costs two runs)
asan:
	@CCSLA_CRASH_STRIDE=4 $(MAKE) --no-print-directory test BUILD=build-asan \
		SAN='-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer'

## tsan: ingest, render and nightly on the example month under ThreadSanitizer
tsan:
	@$(MAKE) --no-print-directory BUILD=build-tsan SAN=-fsanitize=thread build-tsan/ccsla
	@sh tests/tsan.sh build-tsan

## demo: run the pipeline on the bundled example
demo: all
	@sh tests/demo.sh $(BUILD)

## bench: print speed and memory figures (generates its input once, cached);
# SCALE=40 adds tests/bench/60-scale.sh (40 clients, 10 M contacts, opt-in)
bench: all
	@SCALE=$(SCALE) sh tests/bench.sh $(BUILD)

## fuzz: build the fuzz targets with clang + libFuzzer and run each for FUZZ_SECONDS
# (tests/fuzz/README.md). Needs clang, which only this target installs:
# `make check` replays the stored inputs with the normal compiler.
fuzz:
	@sh .ci/deps $(DEB_PKGS) clang
	@$(MAKE) --no-print-directory fuzz-build BUILD=$(FUZZ_BUILD) CC=clang \
		SAN='-fsanitize=fuzzer-no-link $(FUZZ_SAN)' XCFLAGS=-Wno-unknown-warning-option
	@sh tests/fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_SECONDS) $(FUZZ_NAMES)

fuzz-build: deps-ok $(FUZZ_NAMES:%=$(BUILD)/fuzz/%)

## install: build/ccsla to $(DESTDIR)$(PREFIX)/bin, its manual page to share/man/man1
install: deps-ok $(BUILD)/ccsla
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 0755 $(BUILD)/ccsla $(DESTDIR)$(PREFIX)/bin/ccsla
	install -m 0644 pipeline/cli/ccsla.1 $(DESTDIR)$(PREFIX)/share/man/man1/ccsla.1

clean:
	rm -rf build build-asan build-tsan build-fuzz

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)
