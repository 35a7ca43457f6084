#!/usr/bin/env bash
# The test command of README.md: sets up what the tests need on a fresh
# Debian machine (Debian packages, Go modules), then runs every test.
set -euo pipefail
cd "$(dirname "$0")"

# Debian packages the tests use. Installed only when missing.
# poppler-utils: pdftotext/pdftoppm (PDF comparisons, OCR rasterizing);
# libreoffice-calc-nogui: the workbook must open in LibreOffice.
apt_packages=(poppler-utils libreoffice-calc-nogui)
missing=()
for p in "${apt_packages[@]}"; do
	dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	sudo=""
	[ "$(id -u)" -ne 0 ] && sudo="sudo"
	echo "test.sh: installing ${missing[*]}" >&2
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v go >/dev/null 2>&1; then
	export PATH="$PATH:/usr/local/go/bin"
fi
go version
go mod download
go vet ./...
go test -count=1 ./... "$@"
