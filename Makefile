SHELL := /bin/bash
# ftctl — build, test, bench, demo. `make test` is the command CI runs.
PREFIX ?= /usr/local
SWIFT ?= swift
# Two cores here: more jobs only thrash.
JOBS ?= 2

.PHONY: all build deps test bench demo install clean

all: build

build: deps
	$(SWIFT) build -c release -j $(JOBS) --product ftctl

# libcurl's headers and pkg-config file, from Debian/Ubuntu packages, when they are missing.
deps:
	@if ! pkg-config --exists libcurl 2>/dev/null; then \
		echo "installing libcurl4-openssl-dev"; \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq libcurl4-openssl-dev pkg-config; \
	fi

test: deps
	$(SWIFT) build --build-tests -j $(JOBS)
	$(SWIFT) test --skip-build

bench: deps
	$(SWIFT) build -c release -j $(JOBS) --product ftctl
	$(SWIFT) build -c release -j $(JOBS) --product ftctl-bench
	.build/release/ftctl-bench .build/release/ftctl

demo: deps
	$(SWIFT) build -j $(JOBS) --product ftctl
	$(SWIFT) build -j $(JOBS) --product ftctl-sandbox
	BIN=.build/debug scripts/demo.sh

install: build
	$(SWIFT) build -c release -j $(JOBS) --product ftctl-sandbox
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 0755 .build/release/ftctl $(DESTDIR)$(PREFIX)/bin/ftctl
	install -m 0755 .build/release/ftctl-sandbox $(DESTDIR)$(PREFIX)/bin/ftctl-sandbox

clean:
	rm -rf .build
