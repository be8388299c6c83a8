#!/usr/bin/env bash
# Local single-node Apache Kafka (KRaft) for loadgen, with or without Docker.
#
#   broker/kafka.sh up      start it (idempotent); fails within about a minute with the reason
#   broker/kafka.sh down    stop what `up` started and wait for it to exit
#   broker/kafka.sh status  say what is running
#
# With a Docker engine (`docker info` answers) it runs docker-compose.yml; otherwise it runs the official
# Kafka jars from Maven Central on the local JVM (Java 17+ and Maven needed). LOADGEN_BROKER=native|docker
# forces the choice. Everything it writes lives under KAFKA_DIR (default .kafka/, git-ignored).
#
# Besides PLAINTEXT on KAFKA_PORT, the native broker listens with SASL_PLAINTEXT (SCRAM-SHA-512; user loadgen,
# password in .kafka/secured/sasl-password) on KAFKA_PORT+2 and with TLS (self-signed certificate, CA file
# .kafka/secured/ca.pem) on KAFKA_PORT+3.
#
# Environment: KAFKA_PORT (9092), KAFKA_CONTROLLER_PORT (KAFKA_PORT+1), KAFKA_DIR (.kafka),
# KAFKA_HEAP_OPTS, KAFKA_START_TIMEOUT (60 s), KAFKA_FETCH_TIMEOUT (600 s, first jar download only),
# KAFKA_MAVEN_ARGS (extra arguments for the Maven call, e.g. -s settings.xml).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
port=${KAFKA_PORT:-9092}
controller_port=${KAFKA_CONTROLLER_PORT:-$((port + 1))}
sasl_port=$((port + 2))
ssl_port=$((port + 3))
dir=$(mkdir -p "${KAFKA_DIR:-$root/.kafka}" && cd "${KAFKA_DIR:-$root/.kafka}" && pwd)
lib=$dir/lib
data=$dir/data
logs=$dir/logs
pid_file=$dir/kafka.pid
secured=$dir/secured
mode_file=$dir/mode
start_timeout=${KAFKA_START_TIMEOUT:-60}
fetch_timeout=${KAFKA_FETCH_TIMEOUT:-600}
# A 2-core machine shared with the load generator: a modest heap and few GC/JIT threads.
heap_opts=${KAFKA_HEAP_OPTS:--Xms256m -Xmx1g}
jvm_opts="-XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 -XX:ParallelGCThreads=2
  -XX:ConcGCThreads=1 -XX:CICompilerCount=2 -Djava.awt.headless=true"

say() { echo "kafka.sh: $*"; }
fail() { echo "kafka.sh: error: $*" >&2; exit 1; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# The pid in pid_file, if that process is alive and is a Kafka broker (a stale file may name a reused pid).
running_pid() {
  [[ -f $pid_file ]] || return 1
  local pid
  pid=$(<"$pid_file")
  [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q 'kafka\.Kafka' &&
    echo "$pid"
}

use_docker() {
  case ${LOADGEN_BROKER:-auto} in
    docker) return 0 ;;
    native) return 1 ;;
    auto) command -v docker >/dev/null 2>&1 && timeout 10 docker info >/dev/null 2>&1 ;;
    *) fail "LOADGEN_BROKER must be auto, native or docker, not '${LOADGEN_BROKER}'" ;;
  esac
}

show_log_tail() {
  local f
  for f in "$logs/server.log" "$logs/stdout.log"; do
    if [[ -s $f ]]; then
      echo "---- last lines of $f ----" >&2
      tail -n 25 "$f" >&2
    fi
  done
}

# Resolve the broker's runtime classpath with Maven once; a stamp holding the pom's checksum skips it after.
fetch_jars() {
  local stamp=$lib/.pom.sha256 want
  want=$(sha256sum "$root/broker/pom.xml" | cut -d' ' -f1)
  [[ -f $stamp && $(<"$stamp") == "$want" ]] && return 0
  command -v mvn >/dev/null 2>&1 || fail "Maven (mvn) is not installed; it fetches the Kafka jars (or install Docker)"
  say "fetching the Kafka jars from Maven Central into $lib (first run only)"
  rm -rf "$lib.tmp"
  mkdir -p "$logs"
  # Short connect/read timeouts and no retries: an unreachable repository fails in seconds, not minutes.
  # shellcheck disable=SC2086
  if ! timeout "$fetch_timeout" mvn -B -q -Dstyle.color=never -f "$root/broker/pom.xml" ${KAFKA_MAVEN_ARGS:-} \
      -Dmaven.wagon.http.retryHandler.count=0 -Dmaven.wagon.rto=20000 \
      -Daether.connector.connectTimeout=15000 -Daether.connector.requestTimeout=20000 \
      org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$lib.tmp" >"$logs/maven.log" 2>&1; then
    rm -rf "$lib.tmp"
    # Maven's first error line says what failed (unreachable repository, missing artifact); the rest is advice.
    sed 's/\x1b\[[0-9;]*m//g' "$logs/maven.log" | grep -m 1 -E '^\[ERROR\] .' | cut -c 1-400 >&2 || true
    fail "Maven could not fetch the Kafka jars (full log: $logs/maven.log)"
  fi
  rm -rf "$lib"
  mv "$lib.tmp" "$lib"
  echo "$want" >"$stamp"
}

# The secured listeners' material, made once: a self-signed certificate for 127.0.0.1/localhost in a PKCS12
# keystore (keytool comes with the JDK), its PEM for clients (ssl.ca.location), and the SCRAM user's password.
make_secrets() {
  mkdir -p "$secured"
  [[ -s $secured/sasl-password ]] || head -c 18 /dev/urandom | base64 | tr '+/' '-_' >"$secured/sasl-password"
  [[ -s $secured/keystore-password ]] || head -c 18 /dev/urandom | base64 | tr '+/' '-_' >"$secured/keystore-password"
  [[ -s $secured/broker.p12 && -s $secured/ca.pem ]] && return 0
  local pw
  pw=$(<"$secured/keystore-password")
  rm -f "$secured/broker.p12" "$secured/ca.pem"
  keytool -genkeypair -alias broker -keyalg RSA -keysize 2048 -dname CN=localhost -ext SAN=IP:127.0.0.1,DNS:localhost \
    -validity 3650 -storetype PKCS12 -keystore "$secured/broker.p12" -storepass "$pw" -keypass "$pw" >"$logs/keytool.log" 2>&1 &&
    keytool -exportcert -rfc -alias broker -keystore "$secured/broker.p12" -storepass "$pw" -file "$secured/ca.pem" >>"$logs/keytool.log" 2>&1 ||
    { tail -n 5 "$logs/keytool.log" >&2; fail "keytool could not make the TLS certificate"; }
}

# The SCRAM user `loadgen`, stored in the cluster's metadata; a stamp in the data directory skips it after.
add_scram_user() {
  local stamp=$data/.loadgen-scram-user
  [[ -f $stamp && $(<"$stamp") == "$(<"$secured/sasl-password")" ]] && return 0
  java -Dlog4j2.configurationFile="$root/broker/log4j2.xml" -Dkafka.logs.dir="$logs" -cp "$lib/*" kafka.admin.ConfigCommand \
    --bootstrap-server "127.0.0.1:$port" --alter --entity-type users --entity-name loadgen \
    --add-config "SCRAM-SHA-512=[iterations=8192,password=$(<"$secured/sasl-password")]" >"$logs/scram.log" 2>&1 ||
    { tail -n 5 "$logs/scram.log" >&2; fail "could not create the SCRAM user for the SASL listener"; }
  cp "$secured/sasl-password" "$stamp"
}

configure() {
  mkdir -p "$data" "$logs"
  make_secrets
  sed -e "s|@PORT@|$port|g" -e "s|@CONTROLLER_PORT@|$controller_port|g" -e "s|@DATA_DIR@|$data|g" \
    -e "s|@SASL_PORT@|$sasl_port|g" -e "s|@SSL_PORT@|$ssl_port|g" -e "s|@TLS_DIR@|$secured|g" \
    -e "s|@TLS_PASSWORD@|$(<"$secured/keystore-password")|g" \
    "$root/broker/server.properties.in" >"$dir/server.properties"
  [[ -f $data/meta.properties ]] && return 0
  # A KRaft cluster id is 16 random bytes in URL-safe base64 without padding (what `kafka-storage random-uuid` prints).
  # Like Kafka's own Uuid.randomUuid(), never one starting with '-': the tool would read it as an option (1 in 64).
  local cluster_id=-
  while [[ $cluster_id == -* ]]; do cluster_id=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '='); done
  say "formatting storage in $data (cluster id $cluster_id)"
  java -Dlog4j2.configurationFile="$root/broker/log4j2.xml" -Dkafka.logs.dir="$logs" -cp "$lib/*" \
    kafka.tools.StorageTool format --standalone -t "$cluster_id" -c "$dir/server.properties" \
    >"$logs/format.log" 2>&1 || { tail -n 5 "$logs/format.log" >&2; fail "formatting the storage failed"; }
}

native_up() {
  local pid
  if pid=$(running_pid); then
    say "broker already running (native, pid $pid) on 127.0.0.1:$(<"$dir/port")"
    return 0
  fi
  command -v java >/dev/null 2>&1 || fail "Java is not installed; the local broker needs Java 17+ (or Docker)"
  local p
  for p in "$port" "$controller_port" "$sasl_port" "$ssl_port"; do
    port_open "$p" && fail "port $p on 127.0.0.1 is already in use by another process; stop it or set KAFKA_PORT"
  done
  fetch_jars
  configure
  rm -f "$logs/server.log"
  # setsid: the broker must outlive this script and the make process that called it.
  # shellcheck disable=SC2086
  setsid java $heap_opts $jvm_opts -Dlog4j2.configurationFile="$root/broker/log4j2.xml" -Dkafka.logs.dir="$logs" \
    -cp "$lib/*" kafka.Kafka "$dir/server.properties" >"$logs/stdout.log" 2>&1 </dev/null &
  pid=$!
  rm -f "$dir/warmed"  # a new JVM: `make up` warms it up (broker/warmup.sh)
  echo "$pid" >"$pid_file"
  echo "$port" >"$dir/port"
  echo native >"$mode_file"
  say "starting Kafka (native JVM, pid $pid) on 127.0.0.1:$port"
  local deadline=$((SECONDS + start_timeout))
  until port_open "$port" && grep -q 'Kafka Server started' "$logs/server.log" 2>/dev/null; do
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$pid_file"
      show_log_tail
      fail "the broker exited during start-up"
    fi
    if ((SECONDS >= deadline)); then
      kill -9 "$pid" 2>/dev/null || true
      rm -f "$pid_file"
      show_log_tail
      fail "the broker did not start within ${start_timeout}s; it was stopped"
    fi
    sleep 0.5
  done
  add_scram_user
  say "broker up on 127.0.0.1:$port after $((SECONDS))s (SASL_PLAINTEXT/SCRAM-SHA-512 on $sasl_port, SSL on $ssl_port)"
}

native_down() {
  local pid
  if ! pid=$(running_pid); then
    rm -f "$pid_file"
    say "no broker running"
    return 0
  fi
  kill -TERM "$pid"
  local deadline=$((SECONDS + 30))
  while kill -0 "$pid" 2>/dev/null; do
    if ((SECONDS >= deadline)); then
      say "broker did not stop within 30s; killing it"
      kill -9 "$pid" 2>/dev/null || true
    fi
    sleep 0.2
  done
  rm -f "$pid_file"
  say "broker stopped (pid $pid)"
}

compose() { KAFKA_PORT=$port docker compose -f "$root/docker-compose.yml" "$@"; }

docker_up() {
  say "Docker engine found: starting Kafka with docker compose on 127.0.0.1:$port"
  echo docker >"$mode_file"
  echo "$port" >"$dir/port"
  [[ -n $(compose ps --status running -q kafka 2>/dev/null) ]] || rm -f "$dir/warmed"  # a new container: broker/warmup.sh
  compose up -d --wait || { compose logs --tail 25 kafka >&2 || true; fail "docker compose could not start Kafka"; }
  say "broker up on 127.0.0.1:$port (docker)"
}

case ${1:-} in
  up)
    if use_docker; then docker_up; else native_up; fi
    ;;
  down)
    if [[ -f $mode_file && $(<"$mode_file") == docker ]]; then
      compose down
      rm -f "$mode_file"
      say "broker stopped (docker)"
    else
      native_down
    fi
    ;;
  status)
    if pid=$(running_pid); then say "running (native, pid $pid, port $(<"$dir/port"))"
    elif [[ -f $mode_file && $(<"$mode_file") == docker ]]; then compose ps
    else say "not running"; exit 3
    fi
    ;;
  *)
    echo "usage: $0 up|down|status" >&2
    exit 2
    ;;
esac
