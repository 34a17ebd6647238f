#!/bin/sh
# deps.sh LIST — installs the Debian packages named in LIST (.ci/packages for
# the tests, .ci/packages-build to build and run the demo) that are not
# installed yet, with apt-get (through sudo unless root).  `make demo` and
# `make test` call it first, so that on a fresh Debian 12 clone those two
# commands do all the set-up (README).  Does nothing when all are there; on
# a system without dpkg it only says what it could not check.
list=${1:-.ci/packages}
command -v dpkg-query >/dev/null 2>&1 || { echo "deps: no dpkg here; install the packages in $list yourself" >&2; exit 0; }
missing=""
for p in $(cat "$list"); do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "deps: installing the missing Debian packages:$missing" >&2
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO=sudo
$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
