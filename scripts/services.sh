#!/usr/bin/env bash
# Starts a throwaway PostgreSQL and Redis on loopback ports for the tests, installing the Debian packages where
# they are missing. Usage: source it (`. scripts/services.sh start`), then `services_stop` when done.
# It exports CANVASS_TEST_POSTGRES (an Npgsql connection string) and CANVASS_TEST_REDIS (a StackExchange.Redis
# configuration: host:port and the password this Redis requires, as a deployment's must).

services_install() {
  local missing=()
  ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || missing+=(postgresql)
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "services: installing ${missing[*]}"
    if [ "$(id -u)" -eq 0 ]; then
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null \
        || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null; }
    else
      sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    fi
  fi
}

services_free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

services_start() {
  services_install || return 1
  SERVICES_DIR=$(mktemp -d /tmp/canvass-services.XXXXXX)
  chmod 755 "$SERVICES_DIR"
  local bin pg_port redis_port
  bin=$(dirname "$(ls /usr/lib/postgresql/*/bin/pg_ctl | sort -V | tail -1)")
  pg_port=$(services_free_port)
  redis_port=$(services_free_port)

  # PostgreSQL refuses to run as root; the package's postgres user owns the throwaway cluster.
  local run=()
  [ "$(id -u)" -eq 0 ] && run=(runuser -u postgres --)
  mkdir -p "$SERVICES_DIR/pg" && chown postgres "$SERVICES_DIR/pg" 2>/dev/null
  "${run[@]}" "$bin/initdb" -D "$SERVICES_DIR/pg" -U canvass --auth=trust -E UTF8 >"$SERVICES_DIR/initdb.log" 2>&1 \
    || { cat "$SERVICES_DIR/initdb.log"; return 1; }
  "${run[@]}" "$bin/pg_ctl" -D "$SERVICES_DIR/pg" -l "$SERVICES_DIR/pg/server.log" -w \
    -o "-p $pg_port -k $SERVICES_DIR/pg -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null \
    || { cat "$SERVICES_DIR/pg/server.log"; return 1; }
  "$bin/createdb" -h 127.0.0.1 -p "$pg_port" -U canvass canvass

  local redis_password
  redis_password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
  # The password goes in through stdin, not the command line, which every user of the machine can read.
  printf 'requirepass %s\n' "$redis_password" | redis-server - --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
    --dir "$SERVICES_DIR" --pidfile "$SERVICES_DIR/redis.pid" --logfile "$SERVICES_DIR/redis.log" >/dev/null
  for _ in $(seq 50); do REDISCLI_AUTH=$redis_password redis-cli -p "$redis_port" ping 2>/dev/null | grep -q PONG && break; sleep 0.1; done

  export CANVASS_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=canvass;Database=canvass;Pooling=true"
  export CANVASS_TEST_REDIS="127.0.0.1:$redis_port,password=$redis_password"
  export SERVICES_DIR SERVICES_PG_BIN="$bin"
  echo "services: PostgreSQL on 127.0.0.1:$pg_port, Redis on 127.0.0.1:$redis_port ($SERVICES_DIR)"
}

services_stop() {
  [ -n "${SERVICES_DIR:-}" ] || return 0
  local run=()
  [ "$(id -u)" -eq 0 ] && run=(runuser -u postgres --)
  "${run[@]}" "$SERVICES_PG_BIN/pg_ctl" -D "$SERVICES_DIR/pg" -m immediate stop >/dev/null 2>&1
  [ -f "$SERVICES_DIR/redis.pid" ] && kill "$(cat "$SERVICES_DIR/redis.pid")" 2>/dev/null
  rm -rf "$SERVICES_DIR"
  unset SERVICES_DIR
}

if [ "${1:-}" = start ]; then
  services_start
fi
