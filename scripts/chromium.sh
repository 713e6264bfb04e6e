#!/usr/bin/env bash
# Installs Debian's chromium for the browser tests when it is missing. Playwright drives
# it through executable_path; no browser is ever downloaded by a test tool.
set -euo pipefail
command -v chromium >/dev/null 2>&1 && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "chromium is missing: run 'sudo apt-get install chromium' (browser tests need it)" >&2
  exit 1
fi
echo "installing chromium from Debian's packages" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq chromium >/dev/null
