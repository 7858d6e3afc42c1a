#!/usr/bin/env bash
# Start what the platform needs: the web server, the directory simulator, and the background
# work. With CELERY_BROKER_URL set, a Celery worker and beat on that broker; without it, the
# embedded background (franchise_platform/embedded.py): one worker with beat inside it, over
# a broker kept in files under var/broker/. Ctrl-C stops them all.
set -euo pipefail
HOST=${1:-127.0.0.1}; PORT=${2:-8000}; SIM_PORT=${3:-8765}
PY=${PY:-.venv/bin/python}
export DIRECTORY_SIMULATOR_URL=${DIRECTORY_SIMULATOR_URL:-http://127.0.0.1:$SIM_PORT}
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait; }
trap cleanup EXIT
trap 'exit 130' INT TERM
if $PY manage.py help run_directory_simulator >/dev/null 2>&1; then
  $PY manage.py run_directory_simulator --port "$SIM_PORT" & pids+=($!)
fi
if [ -n "${CELERY_BROKER_URL:-}" ]; then
  $PY -m celery -A franchise_platform worker --loglevel=WARNING & pids+=($!)
  $PY -m celery -A franchise_platform beat --loglevel=WARNING & pids+=($!)
else
  export CELERY_BROKER_URL=filesystem://localhost/
  $PY -m franchise_platform.embedded & pids+=($!)
fi
$PY manage.py print_demo_logins
echo "Open http://$HOST:$PORT/ (Ctrl-C to stop)"
$PY manage.py runserver "$HOST:$PORT" --noreload & pids+=($!)
wait "${pids[-1]}"
