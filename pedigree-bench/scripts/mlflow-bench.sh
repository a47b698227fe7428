#!/bin/sh
# MLflow front-door benchmark: Pedigree against a stock MLflow server on SQLite, same driver, same run.
# Installs MLflow from PyPI into target/mlflow-bench-venv (once), starts both servers on loopback,
# runs dev.pedigree.bench.mlflow.MlflowLoadDriver and stops both. Needs python3 (3.10+) and a JDK >= 21.
# Sizes: BENCH_RUNS (100000), BENCH_POINTS (1000000), BENCH_SECONDS (20), BENCH_THREADS (8).
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
. "$root/.mvn/find-java.sh"
work=${BENCH_WORK:-$root/pedigree-bench/target/mlflow-bench}
venv=$root/pedigree-bench/target/mlflow-bench-venv
mlflow_version=3.11.1
pedigree_port=${PEDIGREE_PORT:-18080}
mlflow_port=${MLFLOW_PORT:-18081}

if [ ! -x "$venv/bin/mlflow" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "mlflow==$mlflow_version"
fi
"$root/mvnw" -q -B -f "$root/pom.xml" -pl pedigree-bench,pedigree-cli -am install -DskipTests
"$root/mvnw" -q -B -f "$root/pedigree-bench/pom.xml" dependency:build-classpath -Dmdep.outputFile=target/classpath.txt

rm -rf "$work"
mkdir -p "$work/mlflow"
cleanup() {
  [ -n "${pedigree_pid:-}" ] && kill "$pedigree_pid" 2>/dev/null || true
  # The MLflow server forks workers: stop its whole process group.
  [ -n "${mlflow_pid:-}" ] && kill -- "-$mlflow_pid" 2>/dev/null || true
}
trap cleanup EXIT INT TERM

"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -jar "$root/pedigree-cli/target/pedigree.jar" server \
  --port "$pedigree_port" --data-dir "$work/pedigree" >"$work/pedigree.log" 2>&1 &
pedigree_pid=$!
MLFLOW_DISABLE_TELEMETRY=true setsid "$venv/bin/mlflow" server --host 127.0.0.1 --port "$mlflow_port" \
  --backend-store-uri "sqlite:///$work/mlflow/mlflow.db" --artifacts-destination "$work/mlflow/artifacts" \
  >"$work/mlflow.log" 2>&1 &
mlflow_pid=$!

wait_for() {
  i=0
  until curl -sf "$1" >/dev/null 2>&1; do
    i=$((i + 1))
    if [ "$i" -gt 240 ]; then echo "server at $1 did not start" >&2; exit 1; fi
    sleep 0.5
  done
}
wait_for "http://127.0.0.1:$pedigree_port/health"
wait_for "http://127.0.0.1:$mlflow_port/health"

"$JAVA_HOME/bin/java" -Druns="${BENCH_RUNS:-100000}" -Dpoints="${BENCH_POINTS:-1000000}" \
  -Dseconds="${BENCH_SECONDS:-20}" -Dthreads="${BENCH_THREADS:-8}" \
  -cp "$root/pedigree-bench/target/classes:$(cat "$root/pedigree-bench/target/classpath.txt")" \
  dev.pedigree.bench.mlflow.MlflowLoadDriver "http://127.0.0.1:$pedigree_port" "http://127.0.0.1:$mlflow_port" \
  "$venv/bin/python" "$root/pedigree-bench/scripts/seed_mlflow_sqlite.py" "$work/mlflow/mlflow.db"
