# Extra PostgreSQL clusters on this machine, for the sharding benchmark
# (bench/shard; the sharding test, t/010_shard.pl, makes its clusters with
# PostgreSQL::Test::Cluster); sourced.  Each node is a cluster of the server's own version,
# made by initdb as the postgres OS user (when run as root) in NODES_DIR, on a
# free port of 127.0.0.1 with trust authentication.  nodes_stop_all stops them
# all: call it from an EXIT trap.
#
#   node_start NAME [SETTING=VALUE ...]   initdb and start; NODE_PORT[NAME] is its port
#   node_stop NAME                        stop it (fast shutdown)
#   nq NAME SQL                           psql on it, as q does on the main cluster
declare -A NODE_PORT
NODES_DIR=${NODES_DIR:-/tmp/iotatrail_nodes}

# the main cluster's version decides the binaries
node_bindir() {
	local major
	major=$(psql -X -A -t -c "SELECT current_setting('server_version_num')::int / 10000")
	if [ -x "/usr/lib/postgresql/$major/bin/initdb" ]; then
		echo "/usr/lib/postgresql/$major/bin"
	else
		"${PG_CONFIG:-pg_config}" --bindir
	fi
}
NODE_BIN=${NODE_BIN:-$(node_bindir)}

as_postgres() {
	if [ "$(id -u)" = 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

free_port() {
	/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

node_start() {
	local name=$1 port dir=$NODES_DIR/$1 opts="" s
	shift
	mkdir -p "$NODES_DIR"
	[ "$(id -u)" = 0 ] && chown postgres "$NODES_DIR"
	if [ ! -f "$dir/PG_VERSION" ]; then
		as_postgres "$NODE_BIN/initdb" -D "$dir" -U postgres --auth=trust --encoding=UTF8 --locale=C -N \
			> "$NODES_DIR/$name.initdb.log" 2>&1 || { cat "$NODES_DIR/$name.initdb.log"; return 1; }
	fi
	port=${NODE_PORT[$name]:-$(free_port)}
	for s in "$@"; do opts="$opts -c $s"; done
	as_postgres "$NODE_BIN/pg_ctl" -D "$dir" -l "$NODES_DIR/$name.log" -w -t 60 start \
		-o "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$dir -c fsync=off $opts" \
		> /dev/null || { tail -n 20 "$NODES_DIR/$name.log"; return 1; }
	NODE_PORT[$name]=$port
}

node_stop() {
	[ -f "$NODES_DIR/$1/postmaster.pid" ] &&
		as_postgres "$NODE_BIN/pg_ctl" -D "$NODES_DIR/$1" -m fast -w -t 60 stop > /dev/null
	return 0
}

# the postmaster's pid (for SIGSTOP: a node that hangs rather than refuses)
node_pid() {
	head -n 1 "$NODES_DIR/$1/postmaster.pid"
}

nodes_stop_all() {
	local name
	for name in "${!NODE_PORT[@]}"; do
		# a stopped (SIGSTOP) postmaster must go on before it can shut down
		[ -f "$NODES_DIR/$name/postmaster.pid" ] && kill -CONT "$(node_pid "$name")" 2>/dev/null
		node_stop "$name" || true
	done
	return 0
}

nq() {
	local name=$1
	shift
	psql -X -q -A -t -v ON_ERROR_STOP=0 -h 127.0.0.1 -p "${NODE_PORT[$name]}" -U postgres -d postgres \
		-c "SET timezone='UTC'" -c "$1" 2>&1
}
