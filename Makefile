# loadgen: the local broker, the build and the tests. `make help` lists the targets.
SHELL := bash
.DEFAULT_GOAL := help

KAFKA_PORT ?= 9092
BROKERS ?= 127.0.0.1:$(KAFKA_PORT)
PARTITIONS ?= 6
# make up: how long a broker it has just started is put under load before anything is measured (0: not at all;
# broker/warmup.sh says why).
BROKER_WARMUP ?= 45s
# make simulate: a continuous producer against the local broker (DURATION empty: until Ctrl-C).
RATE ?= 1000
WORKERS ?= 2
DURATION ?=
export KAFKA_PORT
# docker-compose.yml's topics-init reads KAFKA_PARTITIONS.
export KAFKA_PARTITIONS := $(PARTITIONS)

LOADGEN := node dist/src/cli/main.js
# make bench-scaling: seconds per run, and the --workers values (comma-separated; default 1, 2, 4, ... cores).
SECONDS_PER_RUN ?= 15
WORKER_COUNTS ?=
TARGET ?= broker
# make bench-generation-compare: the commit to compare the generation path against.
BASE ?= cff7408

.PHONY: help setup build up down up-observability prometheus-up prometheus-down status topics sample simulate lint test test-unit test-integration test-faults test-native-asan perf-smoke bench bench-scaling bench-consumer-backlog bench-telemetry-overhead bench-machine-noise schemas bench-generation bench-generation-compare clean

# make perf-smoke: a short run whose assertions gate CI. EXTRA_ASSERT adds one (the tests use an impossible bound).
SMOKE_RATE ?= 2000
# The first SMOKE_WARMUP of SMOKE_DURATION is a warm-up: sent and checked, left out of the asserted figures.
SMOKE_DURATION ?= 25s
SMOKE_WARMUP ?= 5s
SMOKE_ASSERTS := --assert 'achieved_rate>=0.98*target_rate' --assert 'events.failed==0' --assert 'consumer.lost==0' \
	--assert 'consumer.duplicates==0' --assert 'generator.saturated_seconds<=2' --assert 'e2e.p99<2s'

help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{ printf "  make %-18s %s\n", $$1, $$2 }'

# npm writes node_modules/.package-lock.json on every install: a stamp for "dependencies are current".
node_modules/.package-lock.json: package.json package-lock.json
	scripts/system-deps.sh
	npm ci
	@touch $@

setup: node_modules/.package-lock.json ## install system packages (Debian, as root) and npm dependencies

build: setup ## compile the TypeScript into dist/
	npx tsc -p tsconfig.json

up: build ## start the local Kafka broker (Docker if an engine answers, else the JVM), create the topics, warm a new broker up
	broker/kafka.sh up
	$(LOADGEN) topics create --brokers $(BROKERS) --partitions $(PARTITIONS)
	broker/warmup.sh $(BROKER_WARMUP) $(BROKERS)

down: ## stop the local broker that `make up` started
	broker/kafka.sh down

up-observability: ## with Docker: Prometheus and Grafana (dashboard provisioned) on 127.0.0.1:9090 and :3000, scraping --metrics-port 9464
	docker compose --profile observability up -d prometheus grafana

prometheus-up: ## without Docker: Debian's Prometheus on 127.0.0.1:9090 scraping loadgen --metrics-port 9464
	observability/prometheus.sh up

prometheus-down: ## stop the Prometheus that prometheus-up started
	observability/prometheus.sh down

status: ## say whether the local broker is running
	@broker/kafka.sh status || true

topics: build ## list the broker's topics with their partition counts
	$(LOADGEN) topics list --brokers $(BROKERS)

simulate: up ## produce sessions to the local broker: make simulate RATE=5000 WORKERS=2 DURATION=60s
	$(LOADGEN) run --rate $(RATE) --workers $(WORKERS) --brokers $(BROKERS) $(if $(DURATION),--duration $(DURATION),)

sample: build ## print 10 sample sessions as JSON Lines (no broker needed)
	$(LOADGEN) sample --sessions 10

schemas: setup ## regenerate src/events/types.generated.ts from schemas/
	npm run -s schemas

lint: build ## Biome's recommended TypeScript rules (biome.jsonc), the type check, no import cycles, deploy/k8s against the Kubernetes schemas
	npx biome lint --error-on-warnings .
	npx tsc -p tsconfig.json --noEmit
	node dist/scripts/import-cycles.js
	node dist/scripts/validate-k8s.js

test: up ## all tests: generated types current, unit, then integration against the local broker (starts it)
	scripts/system-deps.sh test
	npm run -s schemas:check
	KAFKA_BROKERS=$(BROKERS) scripts/run-tests.sh dist/test/unit dist/test/integration

test-unit: build ## unit tests only (no broker)
	npm run -s schemas:check
	scripts/run-tests.sh dist/test/unit

test-native-asan: build ## the native producer's and consumer's unit tests against its AddressSanitizer + UBSan build (native/build-asan)
	scripts/native-asan.sh

test-faults: up ## broker-fault tests: kill -9 the local broker mid-run and restart it (not part of make test)
	KAFKA_BROKERS=$(BROKERS) scripts/run-tests.sh dist/test/faults

perf-smoke: up ## a 5 s warm-up, then 20 s at 2,000/s whose assertions (rate, no loss, e2e p99 < 2 s) must hold; prints the figures
	$(LOADGEN) run --rate $(SMOKE_RATE) --duration $(SMOKE_DURATION) --warmup $(SMOKE_WARMUP) --workers 2 --brokers $(BROKERS) --quiet --out results/perf-smoke \
		$(SMOKE_ASSERTS) $(if $(EXTRA_ASSERT),--assert '$(EXTRA_ASSERT)',)

bench: up ## every scenario in bench/scenarios/ beside ProducerPerformance; tables in bench/results/<time>/
	node dist/bench/bench.js

bench-machine-noise: build ## how quiet this machine is now (late wake-ups, off-CPU time): read latency figures against it
	node dist/bench/machine-noise.bench.js

bench-scaling: up ## events/s, CPU/event, RSS by --workers per producer design, beside rdkafka_performance and ProducerPerformance (TARGET=mock: a mock cluster)
	node dist/bench/scaling.bench.js $(SECONDS_PER_RUN) '$(WORKER_COUNTS)' '' $(TARGET)

bench-consumer-backlog: up ## the measuring consumer alone on a backlog of >= 5 M records, beside kcat (records/s, CPU, RSS by --consumer-threads)
	node dist/bench/consumer-backlog.bench.js

bench-telemetry-overhead: up ## --rate max without telemetry, with --metrics-port (scraped), with --trace-sample 0.01, in rounds; the ratios
	node dist/bench/telemetry-overhead.bench.js

bench-generation-compare: build ## the generation path of this checkout against BASE (a commit, default cff7408), side by side
	rm -rf bench/.build/base && git worktree prune && git worktree add --detach -f bench/.build/base $(BASE) >/dev/null
	ln -s $(CURDIR)/node_modules bench/.build/base/node_modules && (cd bench/.build/base && npx tsc -p tsconfig.json) \
	  && node dist/bench/generation-compare.bench.js bench/.build/base/dist; rc=$$?; git worktree remove --force bench/.build/base; exit $$rc

bench-generation: build ## events/s on one core for the generation path (simulate, validate, serialise, encode)
	node dist/bench/generation.bench.js

test-integration: up ## integration tests only, against the local broker
	scripts/system-deps.sh test
	KAFKA_BROKERS=$(BROKERS) scripts/run-tests.sh dist/test/integration

clean: ## remove build output (not the broker's data: `rm -rf .kafka` for that, after `make down`)
	rm -rf dist
