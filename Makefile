# streamgate: `make run` starts the local stack, `make test` builds and runs every test,
# `make bench` prints the benchmark tables. Everything goes through the Maven Wrapper with a JDK >= 21.

SHELL := /bin/bash
JAVA_HOME := $(shell scripts/find-jdk.sh 2>/dev/null)
ifeq ($(JAVA_HOME),)
$(error no JDK >= 21 found: install one (e.g. Temurin 21 or 25) and set JAVA_HOME to it)
endif
export JAVA_HOME
export PATH := $(JAVA_HOME)/bin:$(PATH)

MVN := ./mvnw -B -ntp

.PHONY: all build test test-java test-frontend run bench clean tools demo

all: build

## Node-based tools the Java tests use (the DynamoDB emulator).
tools:
	@scripts/install-tools.sh

build: tools
	$(MVN) -DskipTests install

test: test-java test-frontend

test-java: tools
	$(MVN) install

test-frontend:
	@if [ -f frontend-adapter/package.json ]; then cd frontend-adapter && npm ci --no-audit --no-fund && npm test; fi

## The demo page `make run` serves (frontend-adapter/demo/dist, not committed); built once.
demo:
	@if [ -f frontend-adapter/package.json ] && [ ! -f frontend-adapter/demo/dist/index.html ]; then \
	  cd frontend-adapter && { [ -d node_modules ] || npm ci --no-audit --no-fund --loglevel=error; } && npm run -s demo:build; fi

run: tools demo
	$(MVN) -q -DskipTests install
	@scripts/run-local.sh

bench: tools
	$(MVN) -q -DskipTests install
	@scripts/bench.sh

clean:
	$(MVN) -q clean
