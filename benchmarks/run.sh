#!/usr/bin/env bash
# Builds the benchmark harnesses and runs one of them with the given arguments, e.g.
#   benchmarks/run.sh ConfigImportBenchmark --secrets 1,10,100 --forks 5
set -euo pipefail
cd "$(dirname "$0")/.."
harness="${1:?name of a harness class in io.github.secretsspringboot.benchmarks}"
shift
./mvnw -B -q -pl benchmarks -am package -DskipTests
exec java -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" \
	"io.github.secretsspringboot.benchmarks.$harness" "$@"
