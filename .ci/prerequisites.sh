# Sourced by .ci/run: installs what a fresh Debian machine lacks, or stops with a message saying what is missing.
# Nothing after a failed step runs: a test run on a half-installed machine only hides the real cause.

# Overridable so tests of this script can point it at an empty machine.
: "${PG_CTL_GLOB:=/usr/lib/postgresql/*/bin/pg_ctl}"
: "${MIN_NODE_MAJOR:=20}"
# Where Debian's chromium package puts the browser; the IDE test (tests/ide-browser) reads the same variable.
: "${CHROMIUM_PATH:=/usr/bin/chromium}"

prerequisite_failed() {
  printf '\nCI cannot run: %s\n' "$*" >&2
  echo "0 passed, 1 failed, 0 skipped"
  exit 1
}

# apt-get needs root: run it directly as root, through non-interactive sudo otherwise.
apt_install() {
  local runner=(env DEBIAN_FRONTEND=noninteractive)
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 ||
      prerequisite_failed "$* missing and not root without sudo; install them: apt-get install $*"
    runner=(sudo -n env DEBIAN_FRONTEND=noninteractive)
  fi
  echo "installing $* with apt-get"
  { "${runner[@]}" apt-get update -qq && "${runner[@]}" apt-get install -y -qq --no-install-recommends "$@" >/dev/null; } ||
    prerequisite_failed "could not install $* (apt-get failed above); install them, then run .ci/run again"
}

has_postgres() {
  command -v pg_ctl >/dev/null 2>&1 && return 0
  local candidate
  for candidate in $PG_CTL_GLOB; do
    [ -x "$candidate" ] && return 0
  done
  return 1
}

has_chromium() {
  [ -x "$CHROMIUM_PATH" ]
}

has_rados_gateway() {
  command -v radosgw >/dev/null 2>&1 && command -v ceph-mon >/dev/null 2>&1 && command -v ceph-osd >/dev/null 2>&1
}

install_prerequisites() {
  command -v dotnet >/dev/null 2>&1 || prerequisite_failed ".NET SDK 10 is required: https://dot.net/download"
  command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 ||
    prerequisite_failed "Node.js $MIN_NODE_MAJOR+ with npm is required (the IDE and the conformance suites are npm packages)"
  local node_major
  node_major=$(node -p 'process.versions.node.split(".")[0]')
  [ "$node_major" -ge "$MIN_NODE_MAJOR" ] || prerequisite_failed "Node.js $MIN_NODE_MAJOR+ is required, found $(node --version)"

  if ! has_postgres; then
    apt_install postgresql
    has_postgres || prerequisite_failed "postgresql installed but pg_ctl not found"
  fi
  if ! has_rados_gateway; then
    # The S3 storage tests start a throwaway Ceph RADOS Gateway (tests/Host.Tests/Storage/RadosGatewayFixture.cs).
    apt_install radosgw ceph-mon ceph-osd ceph-common
    has_rados_gateway || prerequisite_failed "radosgw installed but radosgw, ceph-mon or ceph-osd not found"
  fi
  if ! has_chromium; then
    # The IDE test opens Banana Cake Pop in headless Chromium (tests/ide-browser, driven by playwright-core).
    apt_install chromium
    has_chromium || prerequisite_failed "chromium installed but $CHROMIUM_PATH not found (set CHROMIUM_PATH)"
  fi

  dotnet --version
  node --version
  dotnet tool restore >/dev/null || prerequisite_failed "dotnet tool restore failed (see above)"
}
