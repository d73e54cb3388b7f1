# Entry points for people and CI. `make test` is what .ci/run calls.
SWIFT ?= swift
CONFIGURATION ?= release

.PHONY: bootstrap proto-check build test bench fuzz clean

bootstrap:
	@tools/bootstrap

proto-check: bootstrap
	@tools/gen-proto --check

build: proto-check
	$(SWIFT) build -c $(CONFIGURATION)

test: proto-check
	$(SWIFT) test --parallel

bench: proto-check
	$(SWIFT) run -c release allot-benchmarks all

clean:
	rm -rf .build .build-*
