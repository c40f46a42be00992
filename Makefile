# The one test command (README, .ci/run): installs what the tests need, then vets and tests.
SHELL := /bin/bash
GO ?= go

.PHONY: test deps vet unit build run

test: deps vet unit

# System packages the tests use. Idempotent; skipped where they are already present.
deps:
	@bash scripts/install-deps.sh

vet:
	gofmt -l . | tee /dev/stderr | (! read)
	$(GO) vet ./...
	$(GO) run honnef.co/go/tools/cmd/staticcheck@2026.2.2 ./...

unit:
	$(GO) test -count=1 ./...

build:
	$(GO) build -o annals ./cmd/annals

# Extract and load the sample corpus into the embedded store, then serve it.
run: build
	./annals serve --addr 127.0.0.1:8080 ../shared/corpus/iran-resistance-2023.txt
