#!/usr/bin/env bash
# End-to-end browser test of the transparency center (Tests/browser/center_test.py).
#
# Installs headless Chromium and its driver from Debian if they are missing, makes a venv with a
# pinned Selenium under .build/browser-venv, and runs the test against an already built server
# (default .build/release/earshot; build it with `swift build -c release --product earshot`).
# Screenshots (phone and desktop widths) go to .build/artifacts/browser/.
#
# Environment: EARSHOT_BIN (server binary), BROWSER_ARTIFACTS (screenshot dir),
#              BROWSER_VIEWPORTS (phone,desktop), SELENIUM_VERSION (pin override).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"

SELENIUM_VERSION="${SELENIUM_VERSION:-4.51.0}"
export EARSHOT_BIN="${EARSHOT_BIN:-$root/.build/release/earshot}"
export BROWSER_ARTIFACTS="${BROWSER_ARTIFACTS:-$root/.build/artifacts/browser}"
venv="$root/.build/browser-venv"

if [[ ! -x "$EARSHOT_BIN" ]]; then
    echo "browser.sh: no server binary at $EARSHOT_BIN" >&2
    echo "  build it first: swift build -c release --product earshot (or set EARSHOT_BIN)" >&2
    exit 1
fi

# Debian's python3 has venv only with python3-venv; prefer it over other pythons on PATH.
python=/usr/bin/python3
[[ -x "$python" ]] || python="$(command -v python3)"

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
"$python" -c 'import ensurepip, venv' >/dev/null 2>&1 || missing+=(python3-venv)
if ((${#missing[@]})); then
    echo "== apt-get install ${missing[*]}"
    sudo=""
    [[ "$(id -u)" == 0 ]] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
chromium --version 2>/dev/null || true
chromedriver --version

if ! "$venv/bin/python" -c "import selenium, sys; sys.exit(selenium.__version__ != '$SELENIUM_VERSION')" >/dev/null 2>&1; then
    echo "== venv with selenium==$SELENIUM_VERSION"
    rm -rf "$venv"
    "$python" -m venv "$venv"
    "$venv/bin/pip" install -q --disable-pip-version-check "selenium==$SELENIUM_VERSION"
fi

# Selenium Manager is never needed (the test names the browser and driver); keep it offline.
export SE_OFFLINE=true SE_AVOID_STATS=true

echo "== browser test against $EARSHOT_BIN"
status=0
timeout 240 "$venv/bin/python" "$root/Tests/browser/center_test.py" || status=$?
echo "screenshots: $BROWSER_ARTIFACTS"
exit "$status"
