#!/usr/bin/env bash
# A Docker engine and a local base image for the container tests, on a machine without an image registry.
#
#   scripts/ci_docker.sh engine            install docker.io if missing, start dockerd if no engine answers, wait
#   scripts/ci_docker.sh base-image [TAG]  build TAG (default doover-test/python-base:bookworm) from Debian
#                                          packages with debootstrap, once per machine (cached by tag)
#   scripts/ci_docker.sh second-engine DIR [TCP_PORT]
#                                          start another dockerd with its socket, data and pidfile under DIR
#                                          (and plain TCP on 127.0.0.1:TCP_PORT: tests only); prints its DOCKER_HOST
set -euo pipefail

BASE_TAG_DEFAULT="doover-test/python-base:bookworm"

need_apt() {  # install the Debian packages named when their command is missing (CI runs as root)
    local missing=()
    for pair in "$@"; do command -v "${pair%%:*}" >/dev/null || missing+=("${pair#*:}"); done
    if ((${#missing[@]})); then
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    fi
}

wait_engine() {  # wait_engine HOST SECONDS
    local host=$1 deadline=$((SECONDS + $2))
    until docker -H "$host" version >/dev/null 2>&1; do
        ((SECONDS < deadline)) || { echo "ci_docker: no Docker engine answered at $host" >&2; return 1; }
        sleep 0.5
    done
}

engine() {
    need_apt dockerd:docker.io debootstrap:debootstrap
    if docker version >/dev/null 2>&1; then return 0; fi
    nohup dockerd >/tmp/dockerd.log 2>&1 &
    wait_engine "unix:///var/run/docker.sock" 60
}

second_engine() {  # an engine of its own: socket, data-root, exec-root and pidfile under DIR
    local dir=$1 host="unix://$1/docker.sock" tcp=()
    [[ -n ${2:-} ]] && tcp=(--host "tcp://127.0.0.1:$2")
    mkdir -p "$dir"
    if ! docker -H "$host" version >/dev/null 2>&1; then
        # A bridge of its own (`--bridge none` would delete the first engine's docker0) and no iptables rules:
        # doover's builds and containers use host networking anyway.
        ip link show doover-br2 >/dev/null 2>&1 || {
            ip link add doover-br2 type bridge && ip addr add 172.31.254.1/24 dev doover-br2 && ip link set doover-br2 up
        }
        nohup dockerd --host "$host" "${tcp[@]}" --data-root "$dir/data" --exec-root "$dir/exec" --pidfile "$dir/docker.pid" \
            --bridge doover-br2 --iptables=false >"$dir/dockerd.log" 2>&1 &
        wait_engine "$host" 60
    fi
    echo "$host"
}

base_image() {  # a Debian image with python3, venv and pip, from Debian packages (no registry needed)
    local tag=${1:-$BASE_TAG_DEFAULT} host=${DOCKER_HOST:-unix:///var/run/docker.sock}
    if docker -H "$host" image inspect "$tag" >/dev/null 2>&1; then return 0; fi
    local cache=${XDG_CACHE_HOME:-$HOME/.cache}/doover-tests root
    local tarball="$cache/python-base-bookworm.tar"
    mkdir -p "$cache"
    if [[ ! -s $tarball ]]; then  # the root filesystem is cached too: a second engine imports it in seconds
        root=$(mktemp -d)
        debootstrap --variant=minbase --include=python3,python3-venv,python3-pip,ca-certificates \
            bookworm "$root" >"$cache/debootstrap.log" 2>&1
        tar -C "$root" -c . >"$tarball.part" && mv "$tarball.part" "$tarball"
        rm -rf "$root"
    fi
    docker -H "$host" import --change 'ENV PYTHON_VERSION=3.11' --change 'CMD ["python3"]' "$tarball" "$tag" >/dev/null
}

case ${1:-} in
    engine) engine ;;
    base-image) base_image "${2:-}" ;;
    second-engine) second_engine "$2" "${3:-}" ;;
    *) sed -n '2,10p' "$0" >&2; exit 2 ;;
esac
