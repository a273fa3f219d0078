#!/usr/bin/env bash
# Installs every Debian and npm package Brobygger needs to build, run and test.
# Idempotent: runs `apt-get update` and `apt-get install` only when something is missing,
# and `npm ci`/`npm install` only when node_modules is absent or out of date.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

debian_packages=(
  build-essential cmake pkg-config ninja-build git ca-certificates
  librestinio-dev libasio-dev libhttp-parser-dev libfmt-dev libspdlog-dev
  nlohmann-json3-dev libkainjow-mustache-dev libcli11-dev libpcre2-dev
  libsqlite3-dev sqlite3 libsodium-dev
  libpq-dev libpqxx-dev postgresql-15 postgresql-contrib
  libpoppler-cpp-dev libtesseract-dev libleptonica-dev tesseract-ocr tesseract-ocr-dan poppler-utils
  libcairo2-dev libpango1.0-dev libxlsxwriter-dev fonts-dejavu-core unzip
  libqrencode-dev default-jre-headless
  libgtest-dev libgmock-dev googletest libbenchmark-dev
  wrk nginx-light curl
  chromium nodejs npm
  python3-aiosmtpd
  sqlmap
)

# libcurl (SMTP for the reminder mails): any flavour's headers will do. The -dev packages of
# the flavours conflict with each other, so install one only when none is present.
if ! pkg-config --exists libcurl 2>/dev/null && [ ! -f /usr/include/x86_64-linux-gnu/curl/curl.h ] &&
  [ ! -f /usr/include/curl/curl.h ]; then
  debian_packages+=(libcurl4-openssl-dev)
fi

missing=()
for p in "${debian_packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    # nodejs/npm may come from elsewhere on a machine (e.g. NodeSource); accept a working binary.
    case "$p" in
      nodejs) command -v node >/dev/null 2>&1 && continue ;;
      npm) command -v npm >/dev/null 2>&1 && continue ;;
    esac
    missing+=("$p")
  fi
done

if ((${#missing[@]})); then
  echo "setup: installing Debian packages: ${missing[*]}"
  sudo_cmd=""
  if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo_cmd apt-get update -qq
  $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "setup: Debian packages present"
fi

# nginx-light's package starts a system service on install; the benchmark runs its own
# instance on a private port, so the system one is not needed.
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet nginx 2>/dev/null; then
  systemctl stop nginx || true
fi

# npm packages (design system CSS, browser test tools) are pinned in package-lock.json.
cd "$here"
stamp="node_modules/.brobygger-installed"
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ] || [ package.json -nt "$stamp" ]; then
  echo "setup: installing npm packages"
  if [ -f package-lock.json ]; then
    npm ci --no-audit --no-fund --loglevel=error
  else
    npm install --no-audit --no-fund --loglevel=error
  fi
  touch "$stamp"
else
  echo "setup: npm packages present"
fi
