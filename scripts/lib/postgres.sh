# A throwaway PostgreSQL server for tests and benchmarks. Source it after scripts/lib/tools.sh:
#
#   source scripts/lib/tools.sh; source scripts/lib/postgres.sh
#   start_test_postgres      # exports TEST_DATABASE_URL; stopped and removed when the shell exits
#
# Installs Debian's postgresql when missing, makes a cluster in a temporary folder owned by an
# unprivileged user (PostgreSQL refuses to run as root), starts it on a free port of 127.0.0.1 with
# durability off (a test cluster needs no fsync; PG_TEST_DURABLE=1 keeps PostgreSQL's defaults, for
# benchmarks), and creates a superuser role `cadenza` with a password and a database `cadenza`.
# TEST_DATABASE_URL is the admin URL: tests create their own databases through it.

# The unprivileged account the cluster runs as when we are root.
PG_TEST_USER=${PG_TEST_USER:-cadenza-pg}

# The bin folder of the newest installed PostgreSQL (Debian puts them under /usr/lib/postgresql).
postgres_bin_dir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)
  [ -n "$dir" ] && [ -x "$dir/initdb" ] && printf '%s\n' "$dir"
}

# A TCP port on 127.0.0.1 that nothing listens on right now.
free_local_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# Runs "$@" as the cluster's owner.
_as_pg_user() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u "$PG_TEST_USER" -- "$@"
  else
    "$@"
  fi
}

stop_test_postgres() {
  if [ -n "${PG_TEST_DIR:-}" ] && [ -d "$PG_TEST_DIR" ]; then
    if [ -f "$PG_TEST_DIR/data/postmaster.pid" ]; then
      _as_pg_user "$PG_TEST_BIN/pg_ctl" -D "$PG_TEST_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$PG_TEST_DIR"
  fi
  PG_TEST_DIR=
}

# Starts the cluster and exports TEST_DATABASE_URL (and PG_TEST_PORT, PG_TEST_DIR, PG_TEST_BIN).
# Sets an EXIT trap that stops it: call it from the script's top level, not from a subshell.
start_test_postgres() {
  PG_TEST_BIN=$(postgres_bin_dir) || true
  if [ -z "$PG_TEST_BIN" ]; then
    ensure_apt postgresql
    PG_TEST_BIN=$(postgres_bin_dir) || { log "no PostgreSQL binaries after installing postgresql"; return 1; }
  fi
  # Debian's package starts a cluster of its own as a service; we use only the binaries.
  if [ "$(id -u)" -eq 0 ] && ! id -u "$PG_TEST_USER" >/dev/null 2>&1; then
    useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$PG_TEST_USER"
  fi

  PG_TEST_DIR=$(mktemp -d "${TMPDIR:-/tmp}/cadenza-pg.XXXXXX")
  trap stop_test_postgres EXIT
  [ "$(id -u)" -eq 0 ] && chown "$PG_TEST_USER" "$PG_TEST_DIR"
  chmod 700 "$PG_TEST_DIR"

  local password port
  password=$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
  printf '%s\n' "$password" >"$PG_TEST_DIR/pwfile"
  [ "$(id -u)" -eq 0 ] && chown "$PG_TEST_USER" "$PG_TEST_DIR/pwfile"
  _as_pg_user "$PG_TEST_BIN/initdb" -D "$PG_TEST_DIR/data" -U cadenza --pwfile="$PG_TEST_DIR/pwfile" \
    --auth=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >"$PG_TEST_DIR/initdb.log" 2>&1 \
    || { cat "$PG_TEST_DIR/initdb.log" >&2; return 1; }

  local settings="-c max_connections=300"
  if [ -z "${PG_TEST_DURABLE:-}" ]; then
    settings+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  fi
  # A port can be taken between choosing and binding: try a few.
  local tries
  for tries in 1 2 3 4 5; do
    port=$(free_local_port)
    if _as_pg_user "$PG_TEST_BIN/pg_ctl" -D "$PG_TEST_DIR/data" -l "$PG_TEST_DIR/server.log" -w -t 30 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $PG_TEST_DIR $settings" start >/dev/null; then
      break
    fi
    port=
  done
  if [ -z "$port" ]; then
    cat "$PG_TEST_DIR/server.log" >&2
    return 1
  fi
  PGPASSWORD=$password "$PG_TEST_BIN/psql" -qAt -h 127.0.0.1 -p "$port" -U cadenza -d postgres \
    -c 'CREATE DATABASE cadenza' >/dev/null
  PG_TEST_PORT=$port
  export PG_TEST_DIR PG_TEST_BIN PG_TEST_PORT
  export TEST_DATABASE_URL="postgres://cadenza:$password@127.0.0.1:$port/cadenza"
  log "PostgreSQL $("$PG_TEST_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (cluster in $PG_TEST_DIR)"
}
