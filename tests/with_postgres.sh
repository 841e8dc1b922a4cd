#!/usr/bin/env bash
# Runs a command beside a PostgreSQL server of its own: initdb into a temporary directory, the server
# listening on a Unix socket in that directory only (no TCP port), a database `kensa`, then the
# command with KENSA_TEST_PG set to the database's URL; the server is stopped and the directory
# removed whatever the command did. Exits as the command does; 77 (CTest: skipped) only when
# Debian's PostgreSQL server is not installed.
#
# PostgreSQL refuses to run as root: as root the server runs as the `postgres` user (Debian's package
# creates it) in a directory that user owns; the command still runs as the caller and connects over
# the socket as `postgres` (trust authentication, which the socket's directory keeps local).
#
# usage: with_postgres.sh COMMAND [ARG…]
set -uo pipefail

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [[ -z $bin || ! -x $bin/initdb ]]; then
  echo "skipped: no PostgreSQL server (Debian: apt-get install postgresql)" >&2
  exit 77
fi

dir=$(mktemp -d /tmp/kensa-pg.XXXXXX)
as_server=()
user=$(id -un)
if [[ $(id -u) == 0 ]]; then
  as_server=(runuser -u postgres --)
  user=postgres
  chown postgres "$dir"
fi
chmod 700 "$dir"

stop() {
  "${as_server[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1
  rm -rf "$dir"
}
trap stop EXIT

# C locale: byte order and UTF-8 whatever the machine's locale is.
if ! "${as_server[@]}" "$bin/initdb" -D "$dir/data" -U "$user" -A trust -E UTF8 --locale=C >"$dir/initdb.log" 2>&1; then
  cat "$dir/initdb.log" >&2
  exit 1
fi
# A port number names the socket file (.s.PGSQL.PORT); no TCP: listen_addresses is empty.
port=$((20000 + RANDOM % 20000))
if ! "${as_server[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses='' -c unix_socket_directories='$dir' -p $port -c fsync=on -c max_connections=50" start >/dev/null; then
  cat "$dir/server.log" >&2
  exit 1
fi
"${as_server[@]}" "$bin/createdb" -h "$dir" -p "$port" -U "$user" kensa || exit 1

export KENSA_TEST_PG="postgresql:///kensa?host=$dir&port=$port&user=$user"
export KENSA_TEST_PG_DIR=$dir KENSA_TEST_PG_BIN=$bin KENSA_TEST_PG_PORT=$port
"$@"
