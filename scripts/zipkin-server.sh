#!/usr/bin/env bash
# Prints the path of Zipkin's server jar (io.zipkin:zipkin-server, exec classifier), fetching it from Maven
# Central into the local Maven repository the first time: the real trace backend --zipkin-endpoint is tested
# against (test/integration/trace-export.test.ts). Usage: scripts/zipkin-server.sh
set -euo pipefail
version=3.5.1
jar="${HOME}/.m2/repository/io/zipkin/zipkin-server/${version}/zipkin-server-${version}-exec.jar"
if [[ ! -f $jar ]]; then
  mvn -q -B dependency:get -Dartifact="io.zipkin:zipkin-server:${version}:jar:exec" -Dtransitive=false >&2
fi
echo "$jar"
