#!/bin/sh
# Make sure Debian's Chromium and the CJK fonts are installed, for the real-browser test.
# Playwright drives /usr/bin/chromium (never `playwright install`: it downloads a browser
# build, which fails offline); fonts-noto-cjk makes Korean render instead of boxes.
# Usage: tests/browser/ensure_chromium.sh   (needs root or passwordless sudo to install)
set -eu

if [ -x /usr/bin/chromium ] && dpkg -s fonts-noto-cjk >/dev/null 2>&1; then
    exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
else
    echo "ensure_chromium: chromium or fonts-noto-cjk is missing and I can't install as $(id -un)." >&2
    echo "Run as root: apt-get update && apt-get install -y chromium fonts-noto-cjk" >&2
    exit 1
fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
test -x /usr/bin/chromium
