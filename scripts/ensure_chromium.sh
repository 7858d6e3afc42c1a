#!/usr/bin/env bash
# The browser tests drive Debian's Chromium with Playwright (no browser download).
# Install it when missing and we can; otherwise the browser tests skip and say why (CI fails).
set -u
if command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Chromium for the browser tests (apt-get install chromium)..."
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
    || echo "Could not install Chromium: the browser tests will be skipped."
else
  echo "Chromium is not installed and cannot be installed here: the browser tests will be skipped."
fi
exit 0
