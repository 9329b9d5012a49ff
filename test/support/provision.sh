#!/usr/bin/env bash
# Provision what Kiln's integration and browser tests need on this machine:
#   - a Docker engine that answers (Debian's docker.io, dockerd started by hand),
#   - the base image debian:bookworm-slim, built locally with debootstrap minbase
#     from the mirror in apt's own sources (nothing can be pulled here),
#   - Debian's docker-registry and htpasswd (tests start their own registries),
#   - Debian's chromium (browser tests) and a CJK font for its screenshots.
# Idempotent: on a machine where all of it is up it only checks, and is fast.
# Usage: sudo bash test/support/provision.sh
set -euo pipefail

BASE_TAG="debian:bookworm-slim"
CACHE_TAG="kiln-test/base:bookworm-minbase"
SUITE="bookworm"
LOCK_FILE="${KILN_PROVISION_LOCK:-/tmp/kiln-provision.lock}"
DOCKERD_LOG="${KILN_DOCKERD_LOG:-/var/log/kiln-dockerd.log}"
ENGINE_WAIT_S=60
FIX_HINT="run: sudo bash test/support/provision.sh (as root on Debian bookworm)"

log() { printf '[provision] %s\n' "$*" >&2; }
die() { printf '[provision] error: %s\n' "$*" >&2; exit 1; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1fs", b - a }'; }

is_root() { [ "$(id -u)" -eq 0 ]; }
is_debian() { [ -r /etc/debian_version ] && command -v apt-get >/dev/null 2>&1; }
engine_answers() { timeout 20 docker info >/dev/null 2>&1; }
base_image_present() { docker image inspect "$BASE_TAG" >/dev/null 2>&1; }
dockerd_path() { command -v dockerd 2>/dev/null || { [ -x /usr/sbin/dockerd ] && echo /usr/sbin/dockerd; } || true; }

# One lock for the whole run, so that two callers (two vitest runs, CI and a
# developer) neither start two engines nor debootstrap twice.
# (A caller that cannot write a root-owned lock file still locks it read-only.)
if ! { exec 9>>"$LOCK_FILE"; } 2>/dev/null; then
  exec 9<"$LOCK_FILE" || die "cannot open the lock file $LOCK_FILE"
fi
if ! flock -n 9; then
  log "another provision run holds $LOCK_FILE; waiting for it"
  flock 9
fi

command -v docker >/dev/null 2>&1 || [ -n "$(dockerd_path)" ] || is_root \
  || die "the docker client is missing and this is not root; $FIX_HINT"

# --- what is missing ---------------------------------------------------------
engine_up=false
engine_answers && engine_up=true
base_ok=false
if $engine_up && base_image_present; then base_ok=true; fi

missing=()
[ -n "$(dockerd_path)" ] || $engine_up || missing+=(docker.io)
if ! $base_ok && ! command -v debootstrap >/dev/null 2>&1 && [ ! -x /usr/sbin/debootstrap ]; then
  missing+=(debootstrap)
fi
[ -x /usr/bin/docker-registry ] || missing+=(docker-registry)
command -v htpasswd >/dev/null 2>&1 || missing+=(apache2-utils)
[ -x /usr/bin/chromium ] || missing+=(chromium)
# A CJK font, so the 简体中文 screenshots the browser tests keep are readable.
[ -e /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc ] || missing+=(fonts-wqy-zenhei)

# --- one apt-get install of just the missing packages -------------------------
apt_lists_present() { compgen -G '/var/lib/apt/lists/*_Packages*' >/dev/null; }
apt_has_candidates() {
  local p
  for p in "$@"; do
    case "$(apt-cache policy "$p" 2>/dev/null)" in *"Candidate: ("*|"") return 1 ;; esac
  done
}
# Wait for another apt/dpkg (an unattended upgrade, a parallel session) rather
# than fail on its lock.
APT_LOCK_WAIT=(-o DPkg::Lock::Timeout=600)
apt_update() {
  apt-get update -q "${APT_LOCK_WAIT[@]}" >&2 \
    || log "apt-get update reported errors (see above); trying the install anyway"
}
# With recommends, as a person would install them (docker.io recommends
# ca-certificates, git and xz-utils, which builds may use).
apt_install() {
  DEBIAN_FRONTEND=noninteractive NEEDRESTART_MODE=l apt-get install -y -q \
    "${APT_LOCK_WAIT[@]}" -o Dpkg::Use-Pty=0 "$@" >&2
}

if [ "${#missing[@]}" -gt 0 ]; then
  is_root || die "missing ${missing[*]} and not root; $FIX_HINT"
  is_debian || die "missing ${missing[*]} and this is not Debian (no apt-get); install them by hand"
  log "installing ${missing[*]}"
  t=$(now)
  if ! apt_lists_present || ! apt_has_candidates "${missing[@]}"; then
    log "apt-get update"
    apt_update
  fi
  if ! apt_install "${missing[@]}"; then
    # Lists older than the archive give 404s: refresh once and try again.
    log "install failed; apt-get update and retry"
    apt_update
    apt_install "${missing[@]}"
  fi
  log "installed ${missing[*]} in $(since "$t")"
fi

# --- the engine ----------------------------------------------------------------
# The pid of a live dockerd that owns the default pid file, or nothing.
default_dockerd_pid() {
  local p
  p=$(cat /var/run/docker.pid 2>/dev/null || true)
  if [ -n "$p" ] && [ "$(cat "/proc/$p/comm" 2>/dev/null || true)" = "dockerd" ]; then echo "$p"; fi
}

start_engine() {
  local dockerd t pid i
  if [ -n "${DOCKER_HOST:-}" ] && [ "$DOCKER_HOST" != "unix:///var/run/docker.sock" ]; then
    die "DOCKER_HOST=$DOCKER_HOST does not answer; start that engine, or unset DOCKER_HOST"
  fi
  if ! is_root && [ -S /var/run/docker.sock ] && [ ! -w /var/run/docker.sock ]; then
    die "user $(id -un) may not use /var/run/docker.sock; add it to the docker group, or $FIX_HINT"
  fi
  is_root || die "no Docker engine answers and this is not root; start dockerd, or $FIX_HINT"
  dockerd=$(dockerd_path)
  [ -n "$dockerd" ] || die "dockerd is missing and no Docker engine answers; $FIX_HINT"

  # Only a dockerd that owns the default pid file counts: other engines on
  # their own sockets (a test's private one) are none of ours.
  pid=$(default_dockerd_pid)
  if [ -n "$pid" ]; then
    log "dockerd (pid $pid) is running but does not answer yet; waiting"
  else
    # A machine that was stopped leaves pid files behind; dockerd refuses to start
    # over a stale one, and may take a reused pid for its containerd.
    rm -f /var/run/docker.pid
    local cpid_file=/var/run/docker/containerd/containerd.pid
    if [ -f "$cpid_file" ]; then
      local cpid
      cpid=$(cat "$cpid_file" 2>/dev/null || true)
      if [ -z "$cpid" ] || [ "$(cat "/proc/$cpid/comm" 2>/dev/null || true)" != "containerd" ]; then
        rm -f "$cpid_file"
      fi
    fi
    mkdir -p "$(dirname "$DOCKERD_LOG")"
    log "starting dockerd (log: $DOCKERD_LOG)"
    # Detached from this script: no terminal, no inherited pipes, not the lock fd.
    setsid nohup "$dockerd" </dev/null >>"$DOCKERD_LOG" 2>&1 9>&- &
    pid=$!
    disown || true
  fi
  t=$(now)
  for ((i = 0; i < ENGINE_WAIT_S * 4; i++)); do
    if engine_answers; then
      log "engine answers after $(since "$t")"
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null && [ -z "$(default_dockerd_pid)" ]; then
      tail -n 20 "$DOCKERD_LOG" >&2 2>/dev/null || true
      die "dockerd exited before answering; see $DOCKERD_LOG"
    fi
    sleep 0.25
  done
  tail -n 20 "$DOCKERD_LOG" >&2 2>/dev/null || true
  die "dockerd did not answer within ${ENGINE_WAIT_S}s; see $DOCKERD_LOG"
}

if ! $engine_up; then
  start_engine
  base_image_present && base_ok=true
fi

# --- the base image ------------------------------------------------------------
# Prints "URI SUITE" for every binary source of apt's own configuration that
# carries the main component, in the order apt reads them.
apt_source_pairs() {
  local f
  local files=()
  [ -f /etc/apt/sources.list ] && files+=(/etc/apt/sources.list)
  for f in /etc/apt/sources.list.d/*; do
    case "$f" in *.list|*.sources) [ -f "$f" ] && files+=("$f") ;; esac
  done
  for f in "${files[@]}"; do
    case "$f" in
      *.sources)
        # deb822: paragraphs of "Field: value", '#' comments, continuation lines
        # start with a space.
        awk '
          function flush(   i, j, nu, ns, u, s, hasdeb, hasmain, t, c) {
            if (types != "" && uris != "" && suites != "" && tolower(enabled) != "no") {
              hasdeb = 0; n = split(types, t, /[ \t]+/)
              for (i = 1; i <= n; i++) if (t[i] == "deb") hasdeb = 1
              hasmain = 0; n = split(comps, c, /[ \t]+/)
              for (i = 1; i <= n; i++) if (c[i] == "main") hasmain = 1
              if (hasdeb && hasmain) {
                nu = split(uris, u, /[ \t]+/); ns = split(suites, s, /[ \t]+/)
                for (i = 1; i <= nu; i++) for (j = 1; j <= ns; j++)
                  if (u[i] != "" && s[j] != "") print u[i], s[j]
              }
            }
            types = ""; uris = ""; suites = ""; comps = ""; enabled = ""; field = ""
          }
          /^[ \t]*#/ { next }
          /^[ \t]*$/ { flush(); next }
          /^[ \t]/ { if (field == "uris") uris = uris " " $0; else if (field == "suites") suites = suites " " $0; next }
          {
            name = tolower($0); sub(/:.*/, "", name)
            value = $0; sub(/^[^:]*:[ \t]*/, "", value)
            field = name
            if (name == "types") types = value
            else if (name == "uris") uris = value
            else if (name == "suites") suites = value
            else if (name == "components") comps = value
            else if (name == "enabled") enabled = value
          }
          END { flush() }
        ' "$f"
        ;;
      *)
        # one-line: deb [options] URI SUITE COMPONENT...
        sed -e 's/#.*//' -e 's/\[[^]]*\]//' "$f" | awk '
          $1 == "deb" && NF >= 4 { for (i = 4; i <= NF; i++) if ($i == "main") { print $2, $3; break } }
        '
        ;;
    esac
  done | awk '{ sub(/\/+$/, "", $1); print $1, $2 }' \
       | awk '$1 ~ /^(https?|ftp|file):/'
}

# The first URI that serves SUITE main, preferring plain http (a minbase image
# has no CA certificates for https).
first_uri_for() {
  local suite="$1" pairs="$2"
  awk -v s="$suite" '
    $2 == s && first == "" { first = $1 }
    $2 == s && http == "" && $1 ~ /^http:/ { http = $1 }
    END { if (http != "") print http; else if (first != "") print first }
  ' <<<"$pairs"
}

rootfs=""
cleanup_rootfs() {
  [ -n "$rootfs" ] && [ -d "$rootfs" ] || return 0
  # debootstrap mounts proc/sys inside the target; never delete through a mount.
  local m
  while IFS= read -r m; do
    umount -l "$m" 2>/dev/null || true
  done < <(awk -v r="$rootfs" 'index($2, r) == 1 { print $2 }' /proc/mounts | sort -r)
  rm -rf --one-file-system "$rootfs"
}
trap cleanup_rootfs EXIT

build_base_image() {
  local pairs mirror security has_updates t dir
  command -v debootstrap >/dev/null 2>&1 || [ -x /usr/sbin/debootstrap ] \
    || die "debootstrap is missing; $FIX_HINT"
  is_root || die "base image $BASE_TAG is missing and debootstrap needs root; $FIX_HINT"
  pairs=$(apt_source_pairs)
  mirror=$(first_uri_for "$SUITE" "$pairs")
  [ -n "$mirror" ] || die "no source for '$SUITE main' in apt's sources (/etc/apt/sources.list, /etc/apt/sources.list.d/); add one"
  security=$(first_uri_for "$SUITE-security" "$pairs")
  has_updates=false
  if awk -v p="$mirror $SUITE-updates" '$0 == p { found = 1 } END { exit !found }' <<<"$pairs"; then
    has_updates=true
  fi

  rootfs=$(mktemp -d /var/tmp/kiln-rootfs.XXXXXX)
  dir="$rootfs/root"
  log "debootstrap --variant=minbase $SUITE from apt's own mirror (this takes a minute)"
  t=$(now)
  if ! PATH="/usr/sbin:/sbin:$PATH" debootstrap --variant=minbase "$SUITE" "$dir" "$mirror" \
      >"$rootfs/debootstrap.log" 2>&1; then
    tail -n 30 "$rootfs/debootstrap.log" >&2 || true
    tail -n 30 "$dir/debootstrap/debootstrap.log" >&2 2>/dev/null || true
    die "debootstrap failed (see above)"
  fi
  log "debootstrap done in $(since "$t")"

  # Make the tree what the public slim image is: apt pointed at the same mirror,
  # the minimizing apt/dpkg settings of Debian's Docker images, no host files.
  rm -f "$dir/etc/apt/sources.list"
  mkdir -p "$dir/etc/apt/sources.list.d"
  {
    printf 'Types: deb\nURIs: %s\nSuites: %s%s\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
      "$mirror" "$SUITE" "$($has_updates && printf ' %s-updates' "$SUITE")"
    if [ -n "$security" ]; then
      printf '\nTypes: deb\nURIs: %s\nSuites: %s-security\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
        "$security" "$SUITE"
    fi
  } >"$dir/etc/apt/sources.list.d/debian.sources"
  cat >"$dir/etc/apt/apt.conf.d/docker-clean" <<'EOF'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
EOF
  printf 'Acquire::Languages "none";\n' >"$dir/etc/apt/apt.conf.d/docker-no-languages"
  printf 'Acquire::GzipIndexes "true";\n' >"$dir/etc/apt/apt.conf.d/docker-gzip-indexes"
  printf 'Apt::AutoRemove::SuggestsImportant "false";\n' >"$dir/etc/apt/apt.conf.d/docker-autoremove-suggests"
  mkdir -p "$dir/etc/dpkg/dpkg.cfg.d"
  printf 'force-unsafe-io\n' >"$dir/etc/dpkg/dpkg.cfg.d/docker-apt-speedup"
  cat >"$dir/etc/dpkg/dpkg.cfg.d/docker" <<'EOF'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/groff/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
path-exclude /usr/share/lintian/*
path-exclude /usr/share/linda/*
EOF
  # What Debian's slim images drop from the packages already installed.
  find "$dir/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete 2>/dev/null || true
  find "$dir/usr/share/doc" -mindepth 1 -type d -empty -delete 2>/dev/null || true
  find "$dir/usr/share/locale" -mindepth 1 -maxdepth 1 -not -name locale.alias -exec rm -rf {} + 2>/dev/null || true
  rm -rf "$dir"/usr/share/man/* "$dir"/usr/share/groff/* "$dir"/usr/share/info/* \
         "$dir"/usr/share/lintian/* "$dir"/usr/share/linda/*
  rm -rf "$dir"/var/lib/apt/lists/* "$dir"/var/cache/apt/archives/*.deb "$dir"/var/cache/apt/*.bin \
         "$dir"/var/log/*.log "$dir"/var/log/apt/* "$dir/debootstrap"
  : >"$dir/etc/resolv.conf"
  : >"$dir/etc/hostname"
  rm -f "$dir/etc/hosts" && printf '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n' >"$dir/etc/hosts"

  log "docker import -> $BASE_TAG"
  t=$(now)
  tar --numeric-owner -C "$dir" -c . | docker import \
    --change 'CMD ["bash"]' \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --message "kiln test base: debootstrap --variant=minbase $SUITE (test/support/provision.sh)" \
    - "$CACHE_TAG" >/dev/null
  docker tag "$CACHE_TAG" "$BASE_TAG"
  log "import done in $(since "$t")"
  cleanup_rootfs
  rootfs=""
}

if ! $base_ok; then
  if docker image inspect "$CACHE_TAG" >/dev/null 2>&1; then
    log "$BASE_TAG is missing; tagging it again from $CACHE_TAG"
    docker tag "$CACHE_TAG" "$BASE_TAG"
  else
    build_base_image
  fi
fi

engine_version=$(docker version --format '{{.Server.Version}}' 2>/dev/null || echo unknown)
base_id=$(docker image inspect --format '{{.Id}}' "$BASE_TAG")
log "ready: engine $engine_version, base image ${base_id#sha256:}"
