# Entry points for people and CI. `make test` is what .ci/run calls.
SWIFT ?= swift
CONFIGURATION ?= release

.PHONY: bootstrap proto-check build test interop run bench fuzz clean

bootstrap:
	@tools/bootstrap

proto-check: bootstrap
	@tools/gen-proto --check

build: proto-check
	$(SWIFT) build -c $(CONFIGURATION)

# swift test builds allot-server too; the interop test then runs it.
test: proto-check
	$(SWIFT) test --parallel
	@$(MAKE) --no-print-directory interop

# A Python client generated from proto/allot.proto talks to allot-server.
interop: bootstrap
	/usr/bin/python3 Tests/Interop/interop_test.py --server "$$($(SWIFT) build --show-bin-path)/allot-server"

# Starts the server in the foreground on its defaults, with data in ./allot-data.
run: proto-check
	$(SWIFT) build -c release --product allot-server
	"$$($(SWIFT) build -c release --show-bin-path)/allot-server" --data-dir ./allot-data

bench: proto-check
	$(SWIFT) build -c release --product allot-server
	$(SWIFT) run -c release allot-benchmarks all

# Fuzzes one target for a while: make fuzz TARGET=json|expression|frame SECONDS=600
TARGET ?= json
SECONDS ?= 600
fuzz:
	tools/fuzz/run $(TARGET) $(SECONDS)

clean:
	rm -rf .build .build-*
