# ddm: make check (model-check the CI models, then the conformance checks) and make test (everything CI runs).
# Each target builds what it needs first. Run `make help` for the list.

MVN      ?= mvn -B -q -Dstyle.color=never
JAVA     ?= java
JAR      := conformance/target/conformance.jar
TIER     ?= ci
SOURCES  := pom.xml impl/pom.xml conformance/pom.xml $(shell find impl/src/main conformance/src/main -type f 2>/dev/null)

.PHONY: help build tlc models conformance check unit test bench apalache clean diagram explain gallery reader

help:
	@echo "make check              model-check every CI model with TLC, then run the conformance checks"
	@echo "make test               the whole test suite (unit and property tests, then make check): what CI runs"
	@echo "make tlc                every CI model;  make tlc MODEL=<name>  one;  make tlc TIER=large|all"
	@echo "make models             list the models of specs/models.json"
	@echo "make conformance        replay each model's traces against the Java code, then validate threaded runs"
	@echo "make bench              the benchmarks (they measure; they never fail on a number)"
	@echo "make diagram TRACE=f    draw an ITF trace as a space-time diagram (SVG and HTML; PROTOCOL=, OUT= optional)"
	@echo "make explain MODEL=m    a negative model's counterexample in words, one line a step, and as a picture"
	@echo "make gallery            redraw docs/gallery: each protocol's classic bug, from TLC's counterexample"
	@echo "make reader             the specs beside the code (target/reader), and its check of citations and links"
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

# Each protocol's classic bug, drawn from TLC's counterexample of its negative model (README's gallery).
GALLERY := TwoPhase-3-commit-on-majority TwoPhaseRecovery-3-tm-no-force PaxosCommit-NoQuorumIntersection \
           ChandyLamport-Ring3-NoInFlight EpochAlignment-FanIn-ForwardFirst

diagram: $(JAR)
	@test -n "$(TRACE)" || { echo "make diagram: give TRACE=<file.itf.json> (and PROTOCOL=, OUT= if you like)"; exit 2; }
	@$(JAVA) -jar $(JAR) diagram $(if $(PROTOCOL),--protocol $(PROTOCOL)) $(if $(OUT),--out $(OUT)) $(TRACE)

explain: $(JAR)
	@test -n "$(MODEL)" || { echo "make explain: give MODEL=<a negative model> (make models lists them)"; exit 2; }
	@$(JAVA) -jar $(JAR) explain --model $(MODEL) $(if $(OUT),--out $(OUT))

gallery: $(JAR)
	@for m in $(GALLERY); do $(JAVA) -jar $(JAR) explain --quiet --model $$m --out docs/gallery \
	  || { echo "make gallery: explaining $$m failed"; exit 1; }; done

reader: $(JAR)
	@$(JAVA) -jar $(JAR) reader || { echo "make reader: the reader's check failed (see above)"; exit 1; }

bench: $(JAR)
	@bench/run || { echo "make bench: failed"; exit 1; }

apalache:
	@command -v apalache-mc >/dev/null 2>&1 || { \
	  echo "make apalache: no apalache-mc on PATH. Apalache cannot be fetched from this project's registries;"; \
	  echo "install it yourself (https://apalache-mc.org) and run make apalache again. Nothing was checked."; exit 2; }
	@specs/apalache-typecheck

clean:
	@$(MVN) clean >/dev/null || true
	@rm -rf .tlc
