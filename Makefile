# Entry points for people and CI. `make test` is what .ci/run calls.
SWIFT ?= swift
CONFIGURATION ?= release

.PHONY: bootstrap proto-check build test interop run bench bench-peers benchmarks fuzz clean

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
# exec runs the server in place of the recipe's shell, so it is make's own child.
run: proto-check
	$(SWIFT) build -c release --product allot-server
	exec "$$($(SWIFT) build -c release --show-bin-path)/allot-server" --data-dir ./allot-data

# The standard allot-bench suite (a few minutes): starts its own allot-server,
# runs echo, throughput, latency, contact-centre and helpline, prints the table.
BENCH_JSON ?= .build/allot-bench-standard.json
bench: proto-check
	$(SWIFT) build -c release --product allot-server
	$(SWIFT) build -c release --product allot
	$(SWIFT) build -c release --product allot-bench
	"$$($(SWIFT) build -c release --show-bin-path)/allot-bench" --suite standard --json $(BENCH_JSON)

# Allot beside redis and beanstalkd on this machine, in one run.
bench-peers: proto-check
	tools/bench-peers

# The micro-benchmarks of Benchmarks/ (allot-benchmarks).
benchmarks: proto-check
	$(SWIFT) build -c release --product allot-server
	$(SWIFT) run -c release allot-benchmarks all

# Fuzzes one target for a while: make fuzz TARGET=json|expression|frame SECONDS=600
TARGET ?= json
SECONDS ?= 600
fuzz:
	tools/fuzz/run $(TARGET) $(SECONDS)

clean:
	rm -rf .build .build-*
