SHELL := /bin/bash
# ftctl — build, test, bench, demo. `make test` is the command CI runs.
PREFIX ?= /usr/local
SWIFT ?= swift
# Two cores here: more jobs only thrash.
JOBS ?= 2

# The tests' Python (the official `openai` and `together` clients against the sandbox, `tiktoken` as
# the token reference) lives in a venv in the build folder, never in the system's site-packages;
# it is brought up to date when this file changes.
VENV ?= .build/test-venv
TEST_PYTHON = $(VENV)/bin/python3
# `together` is pinned: the Together tests drive the 3.x SDK, whose paths differ from 1.x and 2.x.
PY_PACKAGES = openai tiktoken jsonschema pyyaml together==3.1.1

.PHONY: all build static-cxx deps test test-tools bench demo install clean venv quickstart fuzz

all: build

# Release ftctl links the Swift runtime and Foundation statically: a quarter faster to start and
# about 6 MiB smaller in memory than the dynamic build (Docs/BENCH.md).
RELEASE = -c release -j $(JOBS) --static-swift-stdlib --scratch-path .build-release
# On Linux, lld packs the static runtime's ~90,000 relative relocations (DT_RELR) instead of
# gold's 2.2 MB table, which every start read: 1.5 to 2 MiB less resident (Docs/BENCH.md). Only
# where the loader understands DT_RELR (glibc 2.36+) and the toolchain has lld.
GLIBC_MINOR := $(shell getconf GNU_LIBC_VERSION 2>/dev/null | sed -n 's/^glibc 2\.\([0-9]*\).*/\1/p')
SWIFT_LLD := $(wildcard $(dir $(realpath $(shell command -v $(SWIFT) 2>/dev/null)))ld.lld)
ifneq ($(and $(SWIFT_LLD),$(shell [ "0$(GLIBC_MINOR)" -ge 36 ] && echo yes)),)
RELEASE += -Xswiftc -use-ld=lld -Xlinker -z -Xlinker pack-relative-relocs
# Start-up's code together: every function in its own section, and lld lays out first the ones a
# run of the usual commands executes (scripts/startup-order.sh writes the list), so a command
# pages in about 2 MB of text instead of pages scattered over 21 MB (Docs/BENCH.md). A
# stale list only costs speed: symbols it names that no longer exist are ignored.
# Concrete type metadata (a `Set<Name>`, an `Option<Int?>`) through accessor functions that pass
# the conformances they need, instead of by mangled name: the runtime looks each conformance of a
# mangled name up by scanning all 7,400 conformance records of the binary, 16 times in a `jobs
# list` (-7.5 million instructions of 49; Docs/BENCH.md). Every target, dependencies too.
SWIFT_CODEGEN = -Xswiftc -Xfrontend -Xswiftc -function-sections \
	-Xswiftc -Xfrontend -Xswiftc -disable-concrete-type-metadata-mangled-name-accessors
RELEASE += $(SWIFT_CODEGEN) \
	-Xlinker --symbol-ordering-file=$(CURDIR)/scripts/startup-order.txt -Xlinker --no-warn-symbol-ordering
# The static runtime's link arguments export every symbol of the executable (15,000 of ours:
# 1.3 MB of tables the loader reads when it binds libc's and libcurl's symbols); nothing looks
# ftctl's own symbols up at run time. 2 MiB less resident (Docs/BENCH.md).
RELEASE += -Xlinker --no-export-dynamic
RELEASE += -Xlinker -T -Xlinker $(CURDIR)/scripts/private-text.ld
# A position-dependent executable: a PIE's 1.1 MB of .data.rel.ro and .data are relocated at every
# start, which copies each of their 280 pages on write (a quarter of a `jobs list`'s page faults, 1 ms
# of its 20, Docs/BENCH.md). The executable's own code and data lose address randomisation; libc,
# libcurl and its libraries, the stack and the heap keep it. `make build PIE=1` keeps a PIE.
ifeq ($(PIE),)
RELEASE += -Xlinker -no-pie
endif
# lld's map of ftctl's link: scripts/startup-order.sh reads which input section holds each symbol.
FTCTL_MAP = -Xlinker -Map=$(CURDIR)/.build-release/ftctl.map
# libstdc++ and libgcc's unwinder linked statically as well: the loader no longer maps and
# relocates all of libstdc++.so for the few parts the Swift runtime uses (2.3 MiB less resident,
# Docs/BENCH.md). The Swift driver always passes -lstdc++ and -lgcc_s and SwiftPM has no flag
# for the link alone, so `static-cxx` puts libstdc++.so and libgcc_s.so links to the static
# archives in the folder SwiftPM already searches first (lld reads an archive by its contents).
LIBSTDCXX_A := $(shell $(dir $(SWIFT_LLD))clang -print-file-name=libstdc++.a 2>/dev/null)
LIBGCC_EH_A := $(shell $(dir $(SWIFT_LLD))clang -print-file-name=libgcc_eh.a 2>/dev/null)
STATIC_CXX := $(and $(wildcard $(LIBSTDCXX_A)),$(wildcard $(LIBGCC_EH_A)),yes)
endif

# SwiftPM does not know the ordering list is an input of the link: a newer list relinks.
# swiftc skips code generation for an object whose IR did not change (its `.swift_modhash`) even
# when a code-generation flag did, so objects from before -function-sections would stay as they
# were: when SWIFT_CODEGEN changes, the release's Swift objects are removed once.
CODEGEN_STAMP = .build-release/codegen-flags
build: deps static-cxx
	@if [ -d .build-release ] && [ "$$(cat $(CODEGEN_STAMP) 2>/dev/null)" != "$(SWIFT_CODEGEN)" ]; then \
		echo "release code-generation flags changed: removing the release's Swift objects"; \
		find .build-release -path '*/release/*.build/*' -name '*.swift.o' -delete; \
	fi; mkdir -p .build-release && echo "$(SWIFT_CODEGEN)" > $(CODEGEN_STAMP)
	@if [ scripts/startup-order.txt -nt $(FTCTL_RELEASE) ]; then rm -f $(FTCTL_RELEASE); fi
	$(SWIFT) build $(RELEASE) --product ftctl $(FTCTL_MAP)

static-cxx:
ifneq ($(STATIC_CXX),)
	@bin=$$($(SWIFT) build $(RELEASE) --show-bin-path) && mkdir -p "$$bin" && \
	if [ ! -e "$$bin/libstdc++.so" ]; then rm -f "$$bin/ftctl" "$$bin/ftctl-sandbox"; fi && \
	ln -sf $(LIBSTDCXX_A) "$$bin/libstdc++.so" && ln -sf $(LIBGCC_EH_A) "$$bin/libgcc_s.so"
endif

# libcurl's headers and pkg-config file, from Debian/Ubuntu packages, when they are missing.
deps:
	@if ! pkg-config --exists libcurl 2>/dev/null; then \
		echo "installing libcurl4-openssl-dev"; \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq libcurl4-openssl-dev pkg-config; \
	fi

$(VENV)/.installed: Makefile
	@mkdir -p $(dir $(VENV))
	@if ! python3 -m venv $(VENV) 2>/dev/null; then \
		echo "installing python3-venv"; rm -rf $(VENV); \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq python3 python3-venv python3-pip && python3 -m venv $(VENV); \
	fi
	$(TEST_PYTHON) -m pip install -q --disable-pip-version-check $(PY_PACKAGES)
	@touch $@

venv: $(VENV)/.installed

# tmux: the chart test reads a real terminal's screen (capture-pane); strace: the submission test
# counts how often a dataset is opened.
test-tools:
	@need=; for t in tmux strace; do command -v $$t >/dev/null 2>&1 || need="$$need $$t"; done; \
	if [ -n "$$need" ]; then \
		echo "installing$$need"; \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq $$need; \
	fi

# examples/quickstart is a package of its own that uses only the FineTuning library product.
QUICKSTART = .build/quickstart/debug/quickstart

quickstart: deps
	$(SWIFT) build --package-path examples/quickstart --scratch-path .build/quickstart -j $(JOBS)

# Tests that run sandboxes and processes are timed against real clocks; on two cores, unbounded
# parallelism starves them (a 2 s wait limit measured at 11 s), so at most TEST_WIDTH run at once.
TEST_WIDTH ?= 4

test: deps venv test-tools quickstart
	$(SWIFT) build --build-tests -j $(JOBS)
	SWT_EXPERIMENTAL_MAXIMUM_PARALLELIZATION_WIDTH=$(TEST_WIDTH) FTCTL_TEST_PYTHON=$(abspath $(TEST_PYTHON)) \
		FTCTL_QUICKSTART=$(abspath $(QUICKSTART)) $(SWIFT) test --skip-build

# The sandbox is built for release too: a debug build parses a 256 MB multipart upload at about
# 1.6 MB/s, which would time the sandbox instead of the client.
bench: build venv
	$(SWIFT) build $(RELEASE) --product ftctl-sandbox
	$(SWIFT) build $(RELEASE) --product fttok-bench
	$(SWIFT) build $(RELEASE) --product ftds-bench
	BENCH_PYTHON=$(abspath $(TEST_PYTHON)) scripts/bench.sh .build-release/release/ftctl .build-release/release/ftctl-sandbox

demo: deps
	$(SWIFT) build -j $(JOBS) --product ftctl
	$(SWIFT) build -j $(JOBS) --product ftctl-sandbox
	BIN=.build/debug scripts/demo.sh

# Shell completions and the man page come from the command tree itself, so they never drift from --help.
FTCTL_RELEASE = .build-release/release/ftctl
SHARE = $(DESTDIR)$(PREFIX)/share

install: build
	$(SWIFT) build $(RELEASE) --product ftctl-sandbox
	install -d $(DESTDIR)$(PREFIX)/bin $(SHARE)/man/man1 $(SHARE)/bash-completion/completions \
		$(SHARE)/zsh/site-functions $(SHARE)/fish/vendor_completions.d
	install -m 0755 $(FTCTL_RELEASE) $(DESTDIR)$(PREFIX)/bin/ftctl
	install -m 0755 .build-release/release/ftctl-sandbox $(DESTDIR)$(PREFIX)/bin/ftctl-sandbox
	$(FTCTL_RELEASE) --experimental-dump-help | python3 scripts/manpage.py > .build-release/ftctl.1
	install -m 0644 .build-release/ftctl.1 $(SHARE)/man/man1/ftctl.1
	$(FTCTL_RELEASE) --generate-completion-script bash > $(SHARE)/bash-completion/completions/ftctl
	$(FTCTL_RELEASE) --generate-completion-script zsh > $(SHARE)/zsh/site-functions/_ftctl
	$(FTCTL_RELEASE) --generate-completion-script fish > $(SHARE)/fish/vendor_completions.d/ftctl.fish

# libFuzzer targets (fuzz/, a package of its own so they stay out of the normal build): each runs
# FUZZ_SECONDS, growing fuzz/corpus/<target>/; a crash leaves its reproducer there too, and
# `make test` replays every corpus file (Tests/FuzzCorpusTests).
FUZZ_SECONDS ?= 300
FUZZ_TARGETS = decode dataset tokenizer config spec
FUZZ_BIN = .build-fuzz/debug

fuzz: deps
	cd fuzz && $(SWIFT) build -j $(JOBS) --scratch-path ../.build-fuzz -Xswiftc -sanitize=fuzzer,address
	@status=0; for t in $(FUZZ_TARGETS); do \
		mkdir -p fuzz/corpus/$$t; \
		echo "fuzz-$$t: $(FUZZ_SECONDS) s"; \
		ASAN_OPTIONS=detect_leaks=0 $(FUZZ_BIN)/fuzz-$$t -max_total_time=$(FUZZ_SECONDS) -timeout=20 -detect_leaks=0 -rss_limit_mb=3072 -max_len=65536 \
			-artifact_prefix=fuzz/corpus/$$t/crash- -print_final_stats=1 fuzz/corpus/$$t 2>fuzz/last-$$t.log \
			|| { status=1; echo "fuzz-$$t found a crash: see fuzz/corpus/$$t/crash-* and fuzz/last-$$t.log"; }; \
		tail -n 12 fuzz/last-$$t.log | grep -E "stat::|Done|crash" || true; \
	done; exit $$status

clean:
	rm -rf .build .build-release .build-fuzz
