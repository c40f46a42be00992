# The one test command (README, .ci/run): installs what the tests need, then vets and tests
# against every store backend, PostgreSQL included.
SHELL := /bin/bash
GO ?= go
STATICCHECK ?= honnef.co/go/tools/cmd/staticcheck@v0.8.2

.PHONY: test deps vet unit unit-nopg hostile cluster bench bench-stages build run fuzz

test: deps vet unit hostile cluster
	@bash scripts/e2e.sh

# System packages the tests use (PostgreSQL among them). Idempotent; skipped where they
# are already present. As root it runs apt-get; as another user, sudo apt-get.
deps:
	@bash scripts/install-deps.sh

vet:
	@echo "== gofmt, go vet, staticcheck"
	@out=$$(gofmt -l .); if [ -n "$$out" ]; then echo "gofmt: these files need formatting:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(GO) run $(STATICCHECK) ./...

# Every package's tests, with a throwaway PostgreSQL server on 127.0.0.1 whose DSN is in
# ANNALS_TEST_POSTGRES (a DSN already in the environment is used instead).
unit:
	@echo "== go test (with PostgreSQL)"
	bash scripts/postgres.sh run $(GO) test -count=1 ./...

# The hostile suite: attacks a real `annals serve` (bolt, write token, ulimit -v 2 GiB)
# and checks each answer, then that the server is alive and consistent (about 2 min).
hostile:
	bash scripts/hostile.sh

# The scale-out topology run for real (about 30 s): PostgreSQL primary + streaming
# replica, two `annals serve --follow` instances, HAProxy; a load through the primary
# reaches both instances within 5 s, and reads survive one instance killed.
cluster:
	bash scripts/cluster-test.sh

# The same without PostgreSQL: the postgres cases skip.
unit-nopg:
	$(GO) test -count=1 ./...

# Go benchmarks, with a throwaway PostgreSQL so that the postgres backends are measured
# too: make bench [BENCH=regexp] [PKG=./loader] [BENCHTIME=1x] [ARGS=-bench.entries=...]
BENCH ?= .
PKG ?= ./...
BENCHTIME ?= 1x
bench:
	bash scripts/postgres.sh run $(GO) test -run '^$$' -bench '$(BENCH)' -benchtime $(BENCHTIME) -benchmem -timeout 2h $(PKG) $(ARGS)

# Every stage (gen, extract, load per store, named queries, HTTP under wrk) as processes
# of the real binary, at each size, with a throwaway PostgreSQL:
# make bench-stages [ENTRIES=10000,100000] [STORES=bolt,memory,postgres] [BENCHFLAGS=...]
ENTRIES ?= 10000,100000,1000000
STORES ?= bolt
bench-stages: build
	bash scripts/install-deps.sh
	bash scripts/postgres.sh run ./annals bench --entries $(ENTRIES) --stores $(STORES) $(BENCHFLAGS)

build:
	$(GO) build -o annals ./cmd/annals

# Extract and load the invented demo chronologies (examples/) and, when it is beside this
# checkout, the sample corpus (../shared/corpus/*.txt) into the bolt store data/annals.db,
# then serve them on ADDR until Ctrl-C. Loading a file again replaces its facts.
ADDR ?= 127.0.0.1:8080
DEMO := $(wildcard examples/*.txt)
SAMPLE := $(wildcard ../shared/corpus/*.txt)
run: build
	./annals serve --addr $(ADDR) $(DEMO) $(SAMPLE)

# Native Go fuzzing, one target after another, FUZZTIME each (default 60s):
# make fuzz [FUZZTIME=5m] [FUZZ='./extract:FuzzExtract ...']. Inputs that fail are kept
# under the package's testdata/fuzz/ and run as seeds by every `go test`.
FUZZTIME ?= 60s
FUZZ ?= ./extract:FuzzParseDate ./extract:FuzzSplitEntries ./extract:FuzzExtract \
	./loader:FuzzLoadJSONL ./queries:FuzzDateRange ./api:FuzzNamedQueryParams \
	./extract/gazetteer:FuzzLookup ./extract/gazetteer/internal/fold:FuzzKey ./extract/score:FuzzLoadScore
fuzz:
	@set -e; for t in $(FUZZ); do \
		echo "== fuzz $${t#*:} in $${t%%:*} for $(FUZZTIME)"; \
		$(GO) test -run '^$$' -fuzz "^$${t#*:}$$" -fuzztime $(FUZZTIME) "$${t%%:*}"; \
	done
