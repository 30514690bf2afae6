# Passbank — the two commands of the README are `make run` and `make test`.
SWIFT ?= swift
BUILD_FLAGS ?=
PASSBANK = .build/debug/passbank

.PHONY: run test deps deps-test build lint unit smoke external schemathesis browser bench site clean

## Install what is missing, build, build the site, and serve the bank at http://localhost:8080.
run: deps
	$(SWIFT) build --product passbank $(BUILD_FLAGS)
	$(PASSBANK) serve

## Every test: lint, unit and HTTP suites, the end-to-end smoke test of the real binary, the external
## OpenID Connect suite (a PyPI OpenID client against the real binary), schemathesis fuzzing of the
## real binary from its OpenAPI document, the libFuzzer smoke run of every parser (`make fuzz-smoke`:
## its own sanitizer build, 7 minutes from scratch on an idle machine; docs/fuzzing.md) and the browser
## suite.
test: deps-test lint build unit fuzz-smoke smoke external schemathesis browser

deps:
	@scripts/install-deps.sh

deps-test:
	@scripts/install-deps.sh --test

build:
	$(SWIFT) build --build-tests $(BUILD_FLAGS)

lint:
	$(SWIFT) format lint --strict --recursive --parallel Package.swift Sources Tests Benchmarks Fuzz

unit:
	$(SWIFT) test --skip-build $(BUILD_FLAGS)

## libFuzzer smoke run of every parser that takes outside bytes (docs/fuzzing.md); its own
## sanitizer build in .build-fuzz. The long run: scripts/fuzz.sh --long SECONDS.
.PHONY: fuzz-smoke
fuzz-smoke:
	scripts/fuzz.sh --smoke

smoke:
	scripts/smoke-test.sh $(PASSBANK)

external:
	scripts/external-tests.sh $(PASSBANK)

## Property-based fuzzing of the real binary from its OpenAPI document (schemathesis; docs/openapi.md).
schemathesis:
	scripts/schemathesis-tests.sh $(PASSBANK)

## The whole story in headless Chromium with virtual authenticators (Tests/Browser); screenshots/.
browser:
	scripts/browser-tests.sh $(PASSBANK)

site: build
	$(PASSBANK) build

## Benchmarks print their numbers; they never pass or fail on time (only on wrong answers).
## Release builds go to $(BENCH_SCRATCH), never to the default .build; docs/performance.md.
BENCH_SCRATCH ?= .build-release
bench: deps
	@scripts/install-deps.sh --bench
	$(SWIFT) build -c release --product passbank --scratch-path $(BENCH_SCRATCH)
	$(SWIFT) build -c release --product SiteGeneratorBenchmarks --scratch-path $(BENCH_SCRATCH)
	$(SWIFT) build -c release --product WebAuthnBenchmarks --scratch-path $(BENCH_SCRATCH)
	$(SWIFT) build -c release --product FIDOMetadataBenchmarks --scratch-path $(BENCH_SCRATCH)
	@echo "== site generator =="
	$(BENCH_SCRATCH)/release/SiteGeneratorBenchmarks
	@echo "== WebAuthn assertion verification (one core), beside openssl speed (P-256: in the load section) =="
	$(BENCH_SCRATCH)/release/WebAuthnBenchmarks 20000
	openssl speed -seconds 3 ed25519 rsa2048 2>/dev/null | tail -6
	@echo "== FIDO metadata BLOB =="
	$(BENCH_SCRATCH)/release/FIDOMetadataBenchmarks
	@echo "== load: sign-ins, refreshes, account reads, transfers through the release server, c = 1, 8, 32, 128 =="
	scripts/bench-transfers.sh $(BENCH_SCRATCH)/release/passbank

clean:
	rm -rf .build public/* var
