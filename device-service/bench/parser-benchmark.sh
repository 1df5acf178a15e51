#!/usr/bin/env bash
# JMH benchmark of the syslog parser (docs/benchmarks/device-service.md). Any arguments go to JMH,
# e.g. a quick smoke run:  device-service/bench/parser-benchmark.sh -f 1 -wi 1 -w 1s -i 1 -r 1s
# Default (no arguments): the benchmark's own settings, for the numbers. Run on a quiet machine.
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -B -q -o -pl device-service test-compile
./mvnw -B -q -o -pl device-service dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench.classpath
exec java -cp "device-service/target/test-classes:device-service/target/classes:$(cat device-service/target/bench.classpath)" \
  org.openjdk.jmh.Main SyslogParserBenchmark "$@"
