# Shared by the bench scripts (source it): waiting for a server that was just started.

# wait_ready URL PID LOG: waits until URL answers 2xx; exits 1, showing the end of LOG, if the
# process PID dies first or 60 s pass.
wait_ready() {
  local i=0
  until curl -sf "$1" >/dev/null; do
    kill -0 "$2" 2>/dev/null || { echo "the server died:"; tail -30 "$3"; exit 1; }
    i=$((i + 1))
    [ "$i" -lt 1200 ] || { echo "the server is not ready after 60 s:"; tail -30 "$3"; exit 1; }
    sleep 0.05
  done
}
