#!/usr/bin/env bash
# UDP -> Kafka load test (docs/benchmarks/device-service.md): starts PostgreSQL and Kafka (devkit)
# and device-service alone in a throw-away OPMAS_HOME, with the unknown-source policy `register`
# (the sender becomes a device on its first line) and the per-source rate limit off (the generator
# is one source), sends at a fixed rate, counts the run's lines on opmas.device.logs, stops it all.
# Exit code 1 if any line was lost. Arguments go to UdpLoadGenerator, e.g. a quick smoke run:
#   device-service/bench/udp-load.sh --rate 1000 --seconds 3
# For the numbers (quiet machine): device-service/bench/udp-load.sh --rate 30000 --seconds 30
# Also prints the CPU each process took during the measured window (bench/cpu-profile.py), the
# kernel's UDP receive-buffer drops and the socket's queue; UDP_LOAD_JFR=/tmp/x.jfr records
# device-service with JFR. Uses the launcher's fixed ports (PostgreSQL 15432, Kafka 19092, syslog
# 5514, HTTP 8081): nothing else may run an OPMAS stack meanwhile; run it under
# `flock /tmp/opmas-udp-load.lock`.
set -euo pipefail
cd "$(dirname "$0")/../.."
OPMAS_HOME=$(mktemp -d /tmp/opmas-udp-bench.XXXXXX)
export OPMAS_HOME OPMAS_INGEST_UNKNOWN_SOURCE=register OPMAS_SYSLOG_RATE_LIMIT=0

# Only device-service is built (`./opmas up` would rebuild the whole reactor whenever any module's
# source is newer than its jar).
flock /tmp/opmas-device-service.lock ./mvnw -B -q -o -pl device-service package -DskipTests \
  dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
[ -f devkit/target/runtime.classpath ] || { echo "[udp-load] devkit/target/runtime.classpath missing: run ./opmas up once (it writes it)" >&2; exit 2; }

# PostgreSQL and Kafka as the launcher runs them (devkit), then device-service alone with the
# launcher's JVM options and environment: the other services would only share the cores (the whole
# pipeline's figure is `./opmas bench ingest`, docs/benchmarks/system.md), and starting them makes
# this run depend on every module's state.
java -cp "$PWD/devkit/target/classes:$(cat devkit/target/runtime.classpath)" org.opmas.devkit.DevInfrastructureMain \
  --dir "$OPMAS_HOME/data" > "$OPMAS_HOME/infrastructure.log" 2>&1 &
INFRA=$!
DEVICE_PID=
stop() {
  if [ -n "$DEVICE_PID" ]; then
    kill -TERM "$DEVICE_PID" 2>/dev/null || true
    wait "$DEVICE_PID" 2>/dev/null || true
  fi
  # its shutdown hook stops Kafka and PostgreSQL
  kill -TERM "$INFRA" 2>/dev/null || true
  wait "$INFRA" 2>/dev/null || true
  rm -rf "$OPMAS_HOME"
}
trap stop EXIT

echo "[udp-load] starting PostgreSQL and Kafka (log: $OPMAS_HOME/infrastructure.log)…"
for _ in $(seq 1 300); do
  grep -q '^READY' "$OPMAS_HOME/infrastructure.log" && break
  kill -0 "$INFRA" 2>/dev/null || { echo "[udp-load] infrastructure did not start:" >&2; tail -n 40 "$OPMAS_HOME/infrastructure.log" >&2; exit 2; }
  sleep 1
done
grep -q '^READY' "$OPMAS_HOME/infrastructure.log" || { echo "[udp-load] infrastructure not ready" >&2; exit 2; }

mkdir -p "$OPMAS_HOME/secrets"
openssl genrsa -out "$OPMAS_HOME/secrets/jwt-signing.pem" 2048 2>/dev/null
openssl rsa -in "$OPMAS_HOME/secrets/jwt-signing.pem" -pubout -out "$OPMAS_HOME/secrets/jwt-public.pem" 2>/dev/null
echo "[udp-load] starting device-service (log: $OPMAS_HOME/device-service.log)…"
( cd device-service && exec env OPMAS_HTTP_PORT=8081 OPMAS_SYSLOG_PORT=5514 \
    OPMAS_DB_REACTIVE_URL="$(sed -n 's/^OPMAS_DB_REACTIVE_URL=//p' "$OPMAS_HOME/infrastructure.log")" \
    OPMAS_DB_USER=opmas_device OPMAS_DB_PASSWORD=opmas_device \
    OPMAS_KAFKA_BOOTSTRAP="$(sed -n 's/^OPMAS_KAFKA_BOOTSTRAP=//p' "$OPMAS_HOME/infrastructure.log")" \
    OPMAS_MASTER_KEY="$(head -c 32 /dev/urandom | base64)" OPMAS_JWT_ISSUER=https://opmas.local/udp-load \
    OPMAS_JWT_PUBLIC_KEY_LOCATION="$OPMAS_HOME/secrets/jwt-public.pem" TZ=UTC \
    java -Xms32m -Xmx384m -XX:+UseSerialGC -XX:MaxMetaspaceSize=192m -jar target/quarkus-app/quarkus-run.jar \
  ) > "$OPMAS_HOME/device-service.log" 2>&1 &
DEVICE_PID=$!
for _ in $(seq 1 300); do
  curl -fsS -o /dev/null http://127.0.0.1:8081/q/health/ready 2>/dev/null && break
  kill -0 "$DEVICE_PID" 2>/dev/null || { echo "[udp-load] device-service did not start:" >&2; tail -n 40 "$OPMAS_HOME/device-service.log" >&2; exit 2; }
  sleep 1
done
curl -fsS -o /dev/null http://127.0.0.1:8081/q/health/ready || { echo "[udp-load] device-service not ready" >&2; exit 2; }

if [ -n "${UDP_LOAD_JFR:-}" ]; then
  jcmd "$DEVICE_PID" JFR.start name=udp-load settings=profile filename="$UDP_LOAD_JFR" >/dev/null
  echo "[udp-load] recording device-service with JFR"
fi
rcvbuf_errors() {
  awk '/^Udp:/ { if (!h) { for (i = 1; i <= NF; i++) if ($i == "RcvbufErrors") c = i; h = 1 } else print $c }' /proc/net/snmp
}
RCVBUF_BEFORE=$(rcvbuf_errors)
echo "[udp-load] load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
GEN_OUT="$OPMAS_HOME/generator.out"
: > "$GEN_OUT"
java -cp "device-service/target/test-classes:device-service/target/classes:$(cat device-service/target/bench.classpath)" \
  org.opmas.device.ingest.bench.UdpLoadGenerator --port 5514 --bootstrap 127.0.0.1:19092 "$@" > "$GEN_OUT" 2>&1 &
GEN=$!
python3 device-service/bench/cpu-profile.py "$INFRA,$DEVICE_PID" "$GEN" "$GEN_OUT" > "$OPMAS_HOME/cpu.out" 2>&1 &
PROFILER=$!
# the syslog socket's receive queue and buffer, a few seconds into the measured run
( sleep 12; ss -uamn 'sport = :5514' > "$OPMAS_HOME/ss.out" 2>&1 ) &
SS=$!
tail -n +1 -f "$GEN_OUT" --pid "$GEN" | grep --line-buffered -v '^measure-' || true
wait "$GEN" && status=0 || status=$?
wait "$PROFILER" "$SS" 2>/dev/null || true
echo "[udp-load] load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "[udp-load] kernel UDP receive-buffer drops during the run (RcvbufErrors, whole machine): $(( $(rcvbuf_errors) - RCVBUF_BEFORE ))"
echo "[udp-load] syslog socket 12 s in (ss -uam):"
sed 's/^/[udp-load]   /' "$OPMAS_HOME/ss.out"
cat "$OPMAS_HOME/cpu.out"
if [ -n "${UDP_LOAD_JFR:-}" ]; then
  jcmd "$DEVICE_PID" JFR.stop name=udp-load >/dev/null && echo "[udp-load] JFR written to $UDP_LOAD_JFR"
fi
echo "[udp-load] device-service ingest counters:"
curl -fsS http://127.0.0.1:8081/q/metrics | grep -E '^opmas_ingest_(received|published|dropped)_total\{.*transport="udp"' \
  | grep -v ' 0\.0$' || true
exit $status
