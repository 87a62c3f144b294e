# ddm: make check (model-check the CI models, then the conformance checks) and make test (everything CI runs).
# Each target builds what it needs first. Run `make help` for the list.

MVN      ?= mvn -B -q -Dstyle.color=never
JAVA     ?= java
export JAVA
JAR      := conformance/target/conformance.jar
BANK_JAR := bank/target/bank.jar
DDM      := bin/ddm
QUINT    := build/quint/node_modules/.bin/quint
TIER     ?= ci
SOURCES  := pom.xml impl/pom.xml conformance/pom.xml $(shell find impl/src/main conformance/src/main -type f 2>/dev/null)
BANK_SOURCES := $(SOURCES) bank/pom.xml $(shell find bank/src/main -type f 2>/dev/null)

.PHONY: help build tlc models conformance check unit test bench apalache quint quint-replay clean soak cluster bank diagram explain gallery reader

help:
	@echo "make check              model-check every CI model with TLC, then run the conformance checks"
	@echo "make test               the whole test suite (unit and property tests, then make check): what CI runs"
	@echo "make tlc                every CI model;  make tlc MODEL=<name>  one;  make tlc TIER=large|all"
	@echo "                        WORKERS=N: TLC's distributed mode, N local worker JVMs (LISTEN=addr:port for"
	@echo "                        workers on other hosts); PROGRESS=s: progress every s seconds (0: none)"
	@echo "make models             list the models of specs/models.json"
	@echo "make conformance        replay each model's traces against the code, validate threaded runs and clusters' logs"
	@echo "make bench              the benchmarks (they measure; they never fail on a number)"
	@echo "make diagram TRACE=f    draw an ITF trace as a space-time diagram (SVG and HTML; PROTOCOL=, OUT= optional)"
	@echo "make explain MODEL=m    a negative model's counterexample in words, one line a step, and as a picture"
	@echo "make gallery            redraw docs/gallery: each protocol's classic bug, from TLC's counterexample"
	@echo "make reader             the specs beside the code (target/reader), and its check of citations and links"
	@echo "make soak               many seeded cluster runs of every protocol as processes under the nemesis"
	@echo "                        (RUNS=20 SECONDS=10 SEED=1); one table each; fails on a violation"
	@echo "make cluster            one local cluster under the nemesis (PROTOCOL=2pc|paxos|snapshot|epoch SECONDS=20 SEED=7)"
	@echo "make bank               the bank on three PostgreSQL shards, ddm's TM, faults on (SECONDS=20 SEED=7 FAULTS=on|off)"
	@echo "make apalache           type-check the specs with an apalache-mc you installed"
	@echo "make quint              install Quint 0.33.1 from npm into build/quint (when missing)"
	@echo "make quint-replay       generate traces of specs/commit/quint/TwoPhaseCommit.qnt with Quint, replay them"
	@echo "make clean              remove build output and TLC run folders"

build: $(JAR) $(BANK_JAR)

$(JAR): $(SOURCES)
	@echo "building $(JAR)"
	@$(MVN) -pl conformance -am package -DskipTests || { echo "make: the build failed (mvn package)"; exit 1; }
	@touch $@

$(BANK_JAR): $(BANK_SOURCES)
	@echo "building $(BANK_JAR)"
	@$(MVN) -pl bank -am package -DskipTests || { echo "make: the build failed (mvn package)"; exit 1; }
	@touch $@

tlc: $(JAR)
	@$(DDM) tlc $(if $(MODEL),--model $(MODEL),--tier $(TIER)) $(if $(WORKERS),--workers $(WORKERS)) \
	  $(if $(LISTEN),--listen $(LISTEN)) $(if $(PROGRESS),--progress $(PROGRESS)) \
	  || { echo "make tlc: failed (see above)"; exit 1; }

models: $(JAR)
	@$(DDM) tlc --list --tier all

conformance: $(JAR)
	@$(DDM) check --all || { echo "make conformance: replay failed (see above)"; exit 1; }
	@for v in "TwoPhaseRecovery-3-live 200" "ChandyLamport-Ring3 1000" "ChandyLamport-Complete4 200" "EpochAlignment-FanIn 200" "EpochAlignment-FanIn-Recovery 200" "PaxosCommit-Live-1x3 500" "PaxosCommit-2x3-Walks 100" "ReplicatedShards-1 100"; do \
	  set -- $$v; $(DDM) validate --model $$1 --runs $$2 --seed 1 \
	    || { echo "make conformance: validation of threaded runs of $$1 failed (see above)"; exit 1; }; \
	done
	@# Node processes under the nemesis, their own per-node logs validated against the spec (TwoPhaseRecovery-3-live,
	@# PaxosCommit-Live-1x3-Recover).
	@$(DDM) cluster 2pc --rms 3 --seconds 5 --seed 1 \
	  || { echo "make conformance: the 2PC cluster's run or the validation of its logs failed (see above)"; exit 1; }
	@$(DDM) cluster paxos --rms 1 --acceptors 3 --seconds 5 --seed 1 \
	  || { echo "make conformance: the Paxos Commit cluster's run or the validation of its logs failed (see above)"; exit 1; }

check: tlc conformance

# The Maven suite includes the Quint interop test, which runs the Quint installed here.
unit: $(QUINT)
	@$(MVN) verify || { echo "make unit: the Maven test suite failed (see the surefire report above)"; exit 1; }

test: unit check

# Each protocol's classic bug, drawn from TLC's counterexample of its negative model (README's gallery).
GALLERY := TwoPhase-3-commit-on-majority TwoPhaseRecovery-3-tm-no-force PaxosCommit-NoQuorumIntersection \
           ChandyLamport-Ring3-NoInFlight EpochAlignment-FanIn-ForwardFirst

diagram: $(JAR)
	@test -n "$(TRACE)" || { echo "make diagram: give TRACE=<file.itf.json> (and PROTOCOL=, OUT= if you like)"; exit 2; }
	@$(DDM) diagram $(if $(PROTOCOL),--protocol $(PROTOCOL)) $(if $(OUT),--out $(OUT)) $(TRACE)

explain: $(JAR)
	@test -n "$(MODEL)" || { echo "make explain: give MODEL=<a negative model> (make models lists them)"; exit 2; }
	@$(DDM) explain --model $(MODEL) $(if $(OUT),--out $(OUT))

gallery: $(JAR)
	@for m in $(GALLERY); do $(DDM) explain --quiet --model $$m --out docs/gallery \
	  || { echo "make gallery: explaining $$m failed"; exit 1; }; done

reader: $(JAR)
	@$(DDM) reader || { echo "make reader: the reader's check failed (see above)"; exit 1; }

bench: $(JAR) $(BANK_JAR)
	@bench/run || { echo "make bench: failed"; exit 1; }

SOAK_RUNS    ?= $(or $(RUNS),20)
SOAK_SECONDS ?= $(or $(SECONDS),10)
SOAK_SEED    ?= $(or $(SEED),1)

soak: $(JAR)
	@$(DDM) soak 2pc --runs $(SOAK_RUNS) --seconds $(SOAK_SECONDS) --seed $(SOAK_SEED) \
	  || { echo "make soak: 2pc had violations (see above)"; exit 1; }
	@$(DDM) soak paxos --runs $(SOAK_RUNS) --seconds $(SOAK_SECONDS) --seed $(SOAK_SEED) \
	  || { echo "make soak: paxos had violations (see above)"; exit 1; }
	@$(DDM) soak snapshot --runs $(SOAK_RUNS) --seconds $(SOAK_SECONDS) --seed $(SOAK_SEED) \
	  || { echo "make soak: snapshot had violations (see above)"; exit 1; }
	@$(DDM) soak epoch --runs $(SOAK_RUNS) --seconds $(SOAK_SECONDS) --seed $(SOAK_SEED) \
	  || { echo "make soak: epoch had violations (see above)"; exit 1; }

cluster: $(JAR)
	@$(DDM) cluster $(or $(PROTOCOL),2pc) --seconds $(or $(SECONDS),20) --seed $(or $(SEED),7)

bank: $(BANK_JAR)
	@$(DDM) bank --seconds $(or $(SECONDS),20) --seed $(or $(SEED),7) --faults $(or $(FAULTS),on)

apalache:
	@command -v apalache-mc >/dev/null 2>&1 || { \
	  echo "make apalache: no apalache-mc on PATH. Apalache cannot be fetched from this project's registries;"; \
	  echo "install it yourself (https://apalache-mc.org) and run make apalache again. Nothing was checked."; exit 2; }
	@specs/apalache-typecheck

# Quint and its dependencies, pinned by tools/quint/package-lock.json, installed into build/quint (gitignored) with
# npm ci. Quint's TypeScript backend runs offline; its Rust backend would download a binary, so it is never used.
quint: $(QUINT)

$(QUINT): tools/quint/package.json tools/quint/package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "make quint: npm is missing (Debian: apt-get install nodejs npm)"; exit 3; }
	@echo "installing Quint into build/quint (npm ci)"
	@mkdir -p build/quint && cp tools/quint/package.json tools/quint/package-lock.json build/quint/
	@npm ci --prefix build/quint --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null \
	  || { echo "make quint: npm ci failed (see above)"; exit 3; }
	@touch $@

# What the Quint interop test does, by hand: real Quint traces of the 2PC spec (the TM times out, then a patient
# TM), mapped onto TwoPhaseCommit.tla's vocabulary and replayed against the Java code.
QUINT_RUN = $(QUINT) run --backend typescript --mbt --max-steps 20 --n-traces 20 --max-samples 20 --seed 1 \
	  --verbosity 1 --main TwoPC3 --invariant consistency

quint-replay: $(QUINT) $(JAR)
	@rm -rf build/quint-traces && mkdir -p build/quint-traces
	@$(QUINT_RUN) --step step --out-itf 'build/quint-traces/timeout-{seq}.itf.json' specs/commit/quint/TwoPhaseCommit.qnt
	@$(QUINT_RUN) --step stepPatient --out-itf 'build/quint-traces/patient-{seq}.itf.json' specs/commit/quint/TwoPhaseCommit.qnt
	@$(DDM) replay --protocol twophase --map specs/commit/quint/twophase.map.json build/quint-traces/*.itf.json

clean:
	@$(MVN) clean >/dev/null || true
	@rm -rf .tlc
