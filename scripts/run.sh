#!/usr/bin/env bash
# Start what the platform needs: the web server, the directory simulator, and a Celery worker
# and beat when a broker is configured. Ctrl-C stops them all.
set -euo pipefail
HOST=${1:-127.0.0.1}; PORT=${2:-8000}; SIM_PORT=${3:-8765}
PY=.venv/bin/python
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT INT TERM
if $PY manage.py help run_directory_simulator >/dev/null 2>&1; then
  $PY manage.py run_directory_simulator --port "$SIM_PORT" & pids+=($!)
fi
if [ -n "${CELERY_BROKER_URL:-}" ]; then
  .venv/bin/celery -A franchise_platform worker --loglevel=WARNING & pids+=($!)
  .venv/bin/celery -A franchise_platform beat --loglevel=WARNING & pids+=($!)
fi
$PY manage.py print_demo_logins
echo "Open http://$HOST:$PORT/ (Ctrl-C to stop)"
$PY manage.py runserver "$HOST:$PORT" --noreload
