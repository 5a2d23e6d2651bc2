#!/usr/bin/env bash
# Rehearses docker-compose.yml without a Docker engine: starts every service's command as a process in
# a network namespace of its own, on a bridge like Compose's default network, with the service names in
# /etc/hosts. Then it runs the steps of docs/deployment.md: a burst of requests through nginx to both
# demo replicas, a stop of the Redis master, the Sentinels' failover, and the old master's return as a
# replica. It also starts the demo with the Helm chart's default configuration and calls its probes.
#
# check-deployment runs it as PID 1 of new PID, mount and network namespaces:
#
#   unshare --pid --fork --mount-proc --mount --net rehearse-compose.sh <root> <prepared dir> <nginx>
#
# so every process that it starts ends with it, and its addresses (10.89.0.0/24 on the bridge) exist
# only inside. It differs from Docker in the binaries: the demo runs from the layer directories that
# the Dockerfile copies, but with the JRE of this machine. nginx is Debian's nginx 1.22 rather than the
# nginx image's, and Redis is this machine's redis-server. A shim replaces the redis image's entrypoint.
set -euo pipefail

root="$1"
prepared="$2"
nginx_binary="$3"
plan="$prepared/compose-plan.json"
facts="$prepared/dockerfile.json"
image_dir="$prepared/image$(jq -r '.workdir' "$prepared/dockerfile.json")"
work="$prepared/rehearsal"
logs="$work/logs"

subnet_prefix="10.89.0"
app_uid=$(jq -r '.user | split(":")[0]' "$facts")
app_gid=$(jq -r '.user | split(":")[1] // .user' "$facts")

declare -A address=()
declare -A pid_of=()
created_mount_points=()

log() {
  printf '[rehearsal] %s\n' "$*"
}

fail() {
  printf '[rehearsal] FAILED: %s\n' "$*" >&2
  for file in "$logs"/*.log; do
    [[ -f "$file" ]] || continue
    printf '\n--- last lines of %s\n' "${file##*/}" >&2
    tail -n 25 "$file" >&2
  done
  exit 1
}

cleanup() {
  # Ends every other process of this PID namespace, then removes the mount points that the machine
  # lacked, newest first.
  disown -a
  kill -KILL -1 2>/dev/null || true
  sleep 0.5
  local index
  for ((index = ${#created_mount_points[@]} - 1; index >= 0; index--)); do
    rmdir "${created_mount_points[index]}" 2>/dev/null || true
  done
}
trap cleanup EXIT

# Mounting needs an existing directory. One that the machine lacks is created, and removed at the end.
ensure_mount_point() {
  if [[ ! -d "$1" ]]; then
    mkdir -p "$1"
    created_mount_points+=("$1")
  fi
}

setup_network() {
  # "ip netns add" keeps its namespaces under /run/netns, here on a tmpfs of this mount namespace.
  mount -t tmpfs tmpfs /run
  mkdir /run/netns
  ip link set lo up
  ip link add br0 type bridge
  ip addr add "$subnet_prefix.1/24" dev br0
  ip link set br0 up
}

# Creates the network namespace of one container, with its own address on the bridge.
add_container() {
  local name="$1" host_number="$2"
  ip netns add "$name"
  ip link add "veth-$host_number" type veth peer name eth0 netns "$name"
  ip link set "veth-$host_number" master br0 up
  ip -n "$name" addr add "$subnet_prefix.$host_number/24" dev eth0
  ip -n "$name" link set eth0 up
  ip -n "$name" link set lo up
  address[$name]="$subnet_prefix.$host_number"
}

# Writes /etc/hosts as Compose's DNS answers: each service name, and "app" for both replicas. glibc
# returns every address of a name from /etc/hosts only with "multi on".
write_hosts() {
  {
    echo "127.0.0.1 localhost"
    local name
    for name in "${!address[@]}"; do
      echo "${address[$name]} $name"
    done
    echo "${address[app-1]} app"
    echo "${address[app-2]} app"
    # The chart's default values name the standalone Redis "redis".
    echo "${address[redis-master]} redis"
  } > "$work/hosts"
  echo "multi on" > "$work/host.conf"
  mount --bind "$work/hosts" /etc/hosts
  mount --bind "$work/host.conf" /etc/host.conf
}

# Runs a command in a container: its network namespace, a private mount namespace with a tmpfs at
# /data (the redis image's working directory) and the service's bind mounts.
start_container() {
  local name="$1" service="$2"
  shift 2
  local mounts="" volume source target
  while IFS= read -r volume; do
    [[ -n "$volume" ]] || continue
    source="$root/${volume%%:*}"
    target="${volume#*:}"
    target="${target%%:*}"
    ensure_mount_point "$(dirname "$target")"
    mounts+="mount -t tmpfs tmpfs '$(dirname "$target")' && touch '$target' && mount --bind '$source' '$target' && "
  done < <(jq -r --arg service "$service" '.services[$service].volumes // [] | .[]' "$plan")
  ensure_mount_point /data
  printf '%s\n' "$*" > "$logs/$name.command"
  ip netns exec "$name" unshare --mount sh -c \
    "mount -t tmpfs tmpfs /data && ${mounts} cd /data && PATH='$work/bin':\$PATH exec \"\$@\"" \
    "$name" "$@" > "$logs/$name.log" 2>&1 &
  pid_of[$name]=$!
}

# Runs a command in a container once a second until it succeeds, as Compose polls a health check,
# or fails when the attempts run out or the container's process ends.
wait_until() {
  local name="$1" attempts="$2" success="$3"
  shift 3
  local attempt
  for ((attempt = 1; attempt <= attempts; attempt++)); do
    if ip netns exec "$name" sh -c "$*" > /dev/null 2>&1; then
      log "$success"
      return 0
    fi
    if ! kill -0 "${pid_of[$name]}" 2>/dev/null; then
      fail "$name exited; see its log below"
    fi
    sleep 1
  done
  fail "$name: no success after $attempts attempts of: $*"
}

wait_healthy() {
  local name="$1" attempts="$2"
  shift 2
  wait_until "$name" "$attempts" "$name is healthy" "$@"
}

# Health check of a service, as the shell command that CMD-SHELL runs.
healthcheck_of() {
  jq -r --arg service "$1" '.services[$service].healthcheck.test
    | if .[0] == "CMD-SHELL" then .[1] else (.[1:] | map(@sh) | join(" ")) end' "$plan"
}

start_redis_service() {
  local service="$1"
  local command=()
  mapfile -t command < <(jq -r --arg service "$service" '.services[$service].command[]' "$plan")
  start_container "$service" "$service" "${command[@]}"
}

# Starts the demo as the image's ENTRYPOINT would: in the image's WORKDIR, made of the layer
# directories, as the image's user, with the image's ENV under the given variables. An optional
# directory is mounted read-only as a ConfigMap volume would be. The JVM keeps its temporary files in
# a directory of the rehearsal rather than in /tmp, which may hold the repository itself.
start_app() {
  local name="$1" config_source="$2" config_target="$3"
  shift 3
  local image_environment=() entrypoint=() mounts="true"
  local temporary="$work/tmp/$name"
  mkdir -p "$temporary"
  chown "$app_uid:$app_gid" "$temporary"
  mapfile -t image_environment < <(jq -r --arg tmp "$temporary" '.env
    | .JAVA_TOOL_OPTIONS = ((.JAVA_TOOL_OPTIONS // "") + " -Djava.io.tmpdir=" + $tmp + " -XX:-UsePerfData")
    | to_entries[] | "\(.key)=\(.value)"' "$facts")
  mapfile -t entrypoint < <(jq -r '.entrypoint[]' "$facts")
  if [[ -n "$config_source" ]]; then
    ensure_mount_point "$config_target"
    mounts="mount --bind -o ro '$config_source' '$config_target'"
  fi
  printf 'env %s %s %s\n' "${image_environment[*]}" "$*" "${entrypoint[*]}" > "$logs/$name.command"
  ip netns exec "$name" unshare --mount sh -c "$mounts"' && cd "$0" && exec "$@"' "$image_dir" \
    setpriv --reuid "$app_uid" --regid "$app_gid" --clear-groups \
    env -i PATH="$PATH" HOME="$temporary" "${image_environment[@]}" "$@" "${entrypoint[@]}" \
    > "$logs/$name.log" 2>&1 &
  pid_of[$name]=$!
}

app_environment() {
  jq -r '.services.app.environment // {} | to_entries[] | "\(.key)=\(.value)"' "$plan"
}

# Sends one request through nginx and prints "<status> <replica address>".
request() {
  local client="$1" path="${2:-/api/hello}"
  local header=()
  [[ -n "$client" ]] && header=(-H "X-Client-Id: $client")
  curl -s -o /dev/null --max-time 5 "${header[@]}" -w '%{http_code} %header{x-upstream-addr}\n' \
    "http://${address[nginx]}:$nginx_port$path"
}

# Sends 6 requests as one client and checks that the shared limit of 3 admits exactly 3 of them.
burst_is_limited() {
  local client="$1" statuses replicas
  local responses
  responses=$(for _ in 1 2 3 4 5 6; do request "$client"; done)
  statuses=$(awk '{print $1}' <<< "$responses" | paste -sd' ')
  replicas=$(awk '{print $2}' <<< "$responses" | sort -u | wc -l)
  log "burst as $client: $statuses, answered by $replicas replicas"
  [[ "$statuses" == "200 200 200 429 429 429" && "$replicas" -ge 2 ]]
}

sentinel_master() {
  ip netns exec redis-sentinel-1 redis-cli -p 26379 sentinel get-master-addr-by-name mymaster | paste -sd' '
}

mkdir -p "$logs" "$work/bin"
printf '#!/bin/sh\n# The redis image entrypoint, less its switch to the redis user.\nexec "$@"\n' \
  > "$work/bin/docker-entrypoint.sh"
chmod +x "$work/bin/docker-entrypoint.sh"
ln -sf "$nginx_binary" "$work/bin/nginx"

setup_network
host_number=2
for name in redis-master redis-replica redis-sentinel-1 redis-sentinel-2 redis-sentinel-3 app-1 app-2 nginx chart-app; do
  add_container "$name" "$host_number"
  host_number=$((host_number + 1))
done
write_hosts
nginx_port=$(jq -r '.services.nginx.ports[0] | split(":") | last' "$plan")

log "starting Redis: master, replica and three Sentinels"
start_redis_service redis-master
wait_healthy redis-master 30 "$(healthcheck_of redis-master)"
start_redis_service redis-replica
wait_healthy redis-replica 30 "$(healthcheck_of redis-replica)"
for sentinel in redis-sentinel-1 redis-sentinel-2 redis-sentinel-3; do
  start_redis_service "$sentinel"
done
for sentinel in redis-sentinel-1 redis-sentinel-2 redis-sentinel-3; do
  wait_healthy "$sentinel" 60 "$(healthcheck_of "$sentinel")"
done

log "starting two demo replicas with the app service's environment, and the chart's default configuration"
mapfile -t compose_environment < <(app_environment)
start_app app-1 "" "" "${compose_environment[@]}"
start_app app-2 "" "" "${compose_environment[@]}"
mapfile -t chart_environment < <(jq -r '.env[] | "\(.name)=\(.value)"' "$prepared/chart-default-env.json")
start_app chart-app "$prepared/chart-config" "$(jq -r '.configDirectory' "$prepared/chart-default-env.json")" \
  "${chart_environment[@]}"
healthcheck=$(jq -r '.healthcheck' "$facts")
wait_healthy app-1 120 "$healthcheck"
wait_healthy app-2 120 "$healthcheck"

log "starting nginx"
# Debian's nginx keeps its temporary files in /var/lib/nginx, the nginx image in /var/cache/nginx.
ensure_mount_point /var/lib/nginx
start_container nginx nginx sh -c 'mount -t tmpfs tmpfs /var/lib/nginx && exec nginx -g "daemon off;"'
wait_healthy nginx 20 "curl -s -o /dev/null http://127.0.0.1:$nginx_port/api/public"

log "checking the chart's probes on the demo with the chart's configuration"
chart_port=$(jq -r '.port' "$prepared/chart-default-env.json")
for probe_path in $(jq -r '.probePaths[]' "$prepared/chart-default-env.json"); do
  wait_until chart-app 120 "chart probe $probe_path answers 200" \
    "curl -s -f -o /dev/null http://127.0.0.1:$chart_port$probe_path"
done

log "docs/deployment.md: a burst through nginx"
burst_is_limited alice || fail "a burst of 6 as alice was not limited to 3 across both replicas"
[[ "$(request bob | cut -d' ' -f1)" == "200" ]] || fail "another client was limited by alice's window"
[[ "$(request "" | cut -d' ' -f1)" == "400" ]] || fail "a request without X-Client-Id was not rejected"

log "docs/deployment.md: a failover"
[[ "$(sentinel_master)" == "redis-master 6379" ]] || fail "Sentinels name $(sentinel_master) as master"
kill -TERM "${pid_of[redis-master]}"
wait "${pid_of[redis-master]}" || true
for ((second = 1; second <= 60; second++)); do
  [[ "$(sentinel_master)" == "redis-replica 6379" ]] && break
  sleep 1
done
[[ "$(sentinel_master)" == "redis-replica 6379" ]] || fail "no failover to redis-replica within 60 seconds"
log "Sentinels promoted redis-replica after ${second} seconds"

limited_again=false
for attempt in 1 2 3 4 5 6 7 8 9 10; do
  if burst_is_limited "after-failover-$attempt"; then
    limited_again=true
    break
  fi
  sleep 3
done
[[ "$limited_again" == true ]] || fail "limits were not enforced again after the failover"

log "docs/deployment.md: the old master returns as a replica"
start_redis_service redis-master
wait_healthy redis-master 30 "redis-cli info replication | grep -q 'role:slave' && redis-cli info replication | grep -q 'master_host:redis-replica'"

log "rehearsal passed"
