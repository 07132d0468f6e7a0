#!/usr/bin/env bash
# End-to-end benchmark of issue 7: jquic, Netty QUIC (quiche) and Kwik, server and client in
# separate JVMs on 127.0.0.1. Builds with Maven (offline by default: MVN_OFFLINE=0 to allow
# downloads), then runs dev.jquic.bench.e2e.E2eRunner with the given options:
#   jquic-bench/e2e.sh --help
#   jquic-bench/e2e.sh --smoke                      # tiny sizes, all stacks, < 1 minute
#   jquic-bench/e2e.sh                              # the full run: 3 runs, 256 MiB, 100k requests
#   jquic-bench/e2e.sh --stacks jquic,netty-nio --workloads W1,W3 --runs 5 --w1-mib 64
# Kwik (LGPL) is on the TEST class path only: it is never part of the jquic-bench jar.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
offline=(-o)
if [[ "${MVN_OFFLINE:-1}" == 0 ]]; then offline=(); fi
if [[ "${E2E_SKIP_BUILD:-0}" != 1 ]]; then
  mvn -B -q "${offline[@]}" -pl jquic-bench -am test-compile dependency:build-classpath \
      -Dmdep.includeScope=test -Dmdep.outputFile=target/e2e-classpath.txt >&2
fi
cp="jquic-bench/target/classes:jquic-bench/target/test-classes:$(cat jquic-bench/target/e2e-classpath.txt)"
# jquic's JDK 22+ classes (the batched UDP transport) are compiled into META-INF/versions/22 when
# Maven runs on JDK 22+ (JAVA_HOME=...); a class directory is not a multi-release jar, so that
# directory goes first on the class path. Peers on JDK 17 ignore it (jquic falls back to NIO).
# Choose the transport with --jvm-args "-Djquic.io=nio|batched --enable-native-access=ALL-UNNAMED".
if [[ -d jquic/target/classes/META-INF/versions/22 ]]; then
  cp="jquic/target/classes/META-INF/versions/22:$cp"
fi
exec "${JAVA:-java}" -cp "$cp" dev.jquic.bench.e2e.E2eRunner --work jquic-bench/target/e2e "$@"
