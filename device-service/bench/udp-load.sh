#!/usr/bin/env bash
# UDP -> Kafka load test (docs/benchmarks/device-service.md): starts a fresh local stack (./opmas up
# in a throw-away OPMAS_HOME) with the unknown-source policy `register` (the sender becomes a device
# on its first line) and the per-source rate limit off (the generator is one source), sends at a
# fixed rate, counts the run's lines on opmas.device.logs, stops the stack. Exit code 1 if any line
# was lost. Arguments go to UdpLoadGenerator, e.g. a quick smoke run:
#   device-service/bench/udp-load.sh --rate 1000 --seconds 3
# For the numbers (quiet machine): device-service/bench/udp-load.sh --rate 30000 --seconds 30
# Uses the launcher's fixed ports (PostgreSQL 15432, Kafka 19092, syslog 5514): nothing else may run
# an OPMAS stack meanwhile.
set -euo pipefail
cd "$(dirname "$0")/../.."
OPMAS_HOME=$(mktemp -d /tmp/opmas-udp-bench.XXXXXX)
export OPMAS_HOME OPMAS_INGEST_UNKNOWN_SOURCE=register OPMAS_SYSLOG_RATE_LIMIT=0

./mvnw -B -q -o -pl device-service test-compile
./mvnw -B -q -o -pl device-service dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench.classpath

./opmas up > "$OPMAS_HOME/up.log" 2>&1 &
UP=$!
stop() {
  for s in agent-service finding-service playbook-service action-executor; do
    pkill -CONT -f "$PWD/$s/target/quarkus-app/quarkus-run.jar" 2>/dev/null || true
  done
  # A background job ignores SIGINT; `down` stops the launcher and everything it started.
  ./opmas down >/dev/null 2>&1 || true
  wait "$UP" 2>/dev/null || true
  rm -rf "$OPMAS_HOME"
}
trap stop EXIT

echo "[udp-load] starting the stack (log: $OPMAS_HOME/up.log)…"
for _ in $(seq 1 600); do
  if curl -fsS -o /dev/null http://127.0.0.1:8081/q/health/ready 2>/dev/null; then
    break
  fi
  if ! kill -0 "$UP" 2>/dev/null; then
    echo "[udp-load] the stack did not start:" >&2
    tail -n 40 "$OPMAS_HOME/up.log" >&2
    exit 2
  fi
  sleep 1
done
curl -fsS -o /dev/null http://127.0.0.1:8081/q/health/ready || { echo "[udp-load] device-service not ready" >&2; exit 2; }

# This measures device-service's path (UDP -> parse -> Kafka). The consumers of opmas.device.logs
# would share the two cores with it, so the other services are paused (SIGSTOP; the launcher would
# take an exit for a crash) unless UDP_LOAD_WHOLE_STACK=1; the whole pipeline's figure is
# `./opmas bench ingest` (docs/benchmarks/system.md).
OTHERS="agent-service finding-service playbook-service action-executor"
if [ "${UDP_LOAD_WHOLE_STACK:-0}" != 1 ]; then
  for s in $OTHERS; do pkill -STOP -f "$PWD/$s/target/quarkus-app/quarkus-run.jar" 2>/dev/null || true; done
  echo "[udp-load] paused $OTHERS (UDP_LOAD_WHOLE_STACK=1 keeps them running)"
fi

java -cp "device-service/target/test-classes:device-service/target/classes:$(cat device-service/target/bench.classpath)" \
  org.opmas.device.ingest.bench.UdpLoadGenerator --port 5514 --bootstrap 127.0.0.1:19092 "$@" && status=0 || status=$?
echo "[udp-load] device-service ingest counters:"
curl -fsS http://127.0.0.1:8081/q/metrics | grep -E '^opmas_ingest_(received|published|dropped)_total\{.*transport="udp"' \
  | grep -v ' 0\.0$' || true
exit $status
