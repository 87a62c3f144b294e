# ddm: make check (model-check the CI models, then the conformance checks) and make test (everything CI runs).
# Each target builds what it needs first. Run `make help` for the list.

MVN      ?= mvn -B -q -Dstyle.color=never
JAVA     ?= java
JAR      := conformance/target/conformance.jar
TIER     ?= ci
SOURCES  := pom.xml impl/pom.xml conformance/pom.xml $(shell find impl/src/main conformance/src/main -type f 2>/dev/null)

.PHONY: help build tlc models conformance check unit test bench soak cluster apalache clean

help:
	@echo "make check              model-check every CI model with TLC, then run the conformance checks"
	@echo "make test               the whole test suite (unit and property tests, then make check): what CI runs"
	@echo "make tlc                every CI model;  make tlc MODEL=<name>  one;  make tlc TIER=large|all"
	@echo "make models             list the models of specs/models.json"
	@echo "make conformance        replay each model's traces against the Java code, then validate threaded runs"
	@echo "make bench              the benchmarks (they measure; they never fail on a number)"
	@echo "make soak               many seeded cluster runs of 2PC and Paxos Commit as processes under the nemesis"
	@echo "                        (RUNS=20 SECONDS=10 SEED=1); one table each; fails on a violation"
	@echo "make cluster            one local cluster under the nemesis (PROTOCOL=2pc|paxos SECONDS=20 SEED=7)"
	@echo "make apalache           type-check the specs with an apalache-mc you installed"
	@echo "make clean              remove build output and TLC run folders"

build: $(JAR)

$(JAR): $(SOURCES)
	@echo "building $(JAR)"
	@$(MVN) -pl conformance -am package -DskipTests || { echo "make: the build failed (mvn package)"; exit 1; }
	@touch $@

tlc: $(JAR)
	@$(JAVA) -jar $(JAR) tlc $(if $(MODEL),--model $(MODEL),--tier $(TIER)) \
	  || { echo "make tlc: failed (see above)"; exit 1; }

models: $(JAR)
	@$(JAVA) -jar $(JAR) tlc --list --tier all

conformance: $(JAR)
	@$(JAVA) -jar $(JAR) check --all || { echo "make conformance: replay failed (see above)"; exit 1; }
	@for v in "TwoPhaseRecovery-3-live 200" "ChandyLamport-Ring3 1000" "ChandyLamport-Complete4 200" "EpochAlignment-FanIn 200" "EpochAlignment-FanIn-Recovery 200" "PaxosCommit-Live-1x3 500" "PaxosCommit-2x3-Walks 100"; do \
	  set -- $$v; $(JAVA) -jar $(JAR) validate --model $$1 --runs $$2 --seed 1 \
	    || { echo "make conformance: validation of threaded runs of $$1 failed (see above)"; exit 1; }; \
	done

check: tlc conformance

unit:
	@$(MVN) verify || { echo "make unit: the Maven test suite failed (see the surefire report above)"; exit 1; }

test: unit check

bench: $(JAR)
	@bench/run || { echo "make bench: failed"; exit 1; }

SOAK_RUNS    ?= $(or $(RUNS),20)
SOAK_SECONDS ?= $(or $(SECONDS),10)
SOAK_SEED    ?= $(or $(SEED),1)

soak: $(JAR)
	@$(JAVA) -jar $(JAR) soak 2pc --runs $(SOAK_RUNS) --seconds $(SOAK_SECONDS) --seed $(SOAK_SEED) \
	  || { echo "make soak: 2pc had violations (see above)"; exit 1; }
	@$(JAVA) -jar $(JAR) soak paxos --runs $(SOAK_RUNS) --seconds $(SOAK_SECONDS) --seed $(SOAK_SEED) \
	  || { echo "make soak: paxos had violations (see above)"; exit 1; }

cluster: $(JAR)
	@$(JAVA) -jar $(JAR) cluster $(or $(PROTOCOL),2pc) --seconds $(or $(SECONDS),20) --seed $(or $(SEED),7)

apalache:
	@command -v apalache-mc >/dev/null 2>&1 || { \
	  echo "make apalache: no apalache-mc on PATH. Apalache cannot be fetched from this project's registries;"; \
	  echo "install it yourself (https://apalache-mc.org) and run make apalache again. Nothing was checked."; exit 2; }
	@specs/apalache-typecheck

clean:
	@$(MVN) clean >/dev/null || true
	@rm -rf .tlc
