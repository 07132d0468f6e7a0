#!/usr/bin/env bash
# Idle-connection memory of issue 7: heap (and RSS) per idle established connection on the
# SERVER, for jquic and Netty QUIC (quiche), server and client in JVMs of their own on 127.0.0.1.
# Builds with Maven (offline by default: MVN_OFFLINE=0 to allow downloads), then runs
# dev.jquic.bench.idle.IdleConnectionMemory with the given options:
#   jquic-bench/idle-memory.sh                      # 10,000 connections per stack
#   jquic-bench/idle-memory.sh --smoke              # 200 connections, small heaps
#   jquic-bench/idle-memory.sh --stacks jquic --connections 2000 --keep-stream-open
#   jquic-bench/idle-memory.sh --help
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
offline=(-o)
if [[ "${MVN_OFFLINE:-1}" == 0 ]]; then offline=(); fi
if [[ "${IDLE_SKIP_BUILD:-0}" != 1 ]]; then
  mvn -B -q "${offline[@]}" -pl jquic-bench -am compile dependency:build-classpath \
      -Dmdep.outputFile=target/idle-classpath.txt >&2
fi
cp="jquic-bench/target/classes:$(cat jquic-bench/target/idle-classpath.txt)"
exec "${JAVA:-java}" -cp "$cp" dev.jquic.bench.idle.IdleConnectionMemory --work jquic-bench/target/idle "$@"
