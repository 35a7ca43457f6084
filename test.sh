#!/usr/bin/env bash
# The test command of README.md: sets up what the tests need on a fresh
# Debian machine (Debian packages, Go modules), then runs every test.
set -euo pipefail
cd "$(dirname "$0")"

# Debian packages the tests use. Installed only when missing.
# poppler-utils: pdftotext/pdftoppm (PDF comparisons, OCR rasterizing);
# tesseract-ocr, tesseract-ocr-chi-sim: OCR of scanned reports;
# libreoffice-calc-nogui: the workbook must open in LibreOffice;
# libreoffice-writer-nogui, fonts-wqy-microhei: generated reports printed
# to PDF the way Word files are (corpus/gen);
# chromium: the review page of nianbao serve driven in a real browser
# (cmd/nianbao/web; with CI=true a missing chromium fails those tests).
apt_packages=(poppler-utils tesseract-ocr tesseract-ocr-chi-sim libreoffice-calc-nogui libreoffice-writer-nogui fonts-wqy-microhei chromium)
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
go test -count=1 -timeout 30m ./... "$@"

# Every fuzz target briefly (FUZZTIME, default 10s each). A failure is
# kept only if its input fails again when run as a plain test: a fuzzer
# worker starved on a busy machine reports "hung" with an input that
# passes, and that is not a bug of ours.
fuzztime=${FUZZTIME:-10s}
for target in \
	./extract/txt:FuzzRead ./extract/html:FuzzRead ./extract/docx:FuzzRead \
	./extract/docx:FuzzDocumentXML ./extract/docx:FuzzFlate ./extract/pdf:FuzzRead \
	./extract/pdf:FuzzCMap ./extract/pdf:FuzzXref ./extract/ocr:FuzzTIFFPages ./normalize:FuzzNormalize \
	./corpus:FuzzPipeline; do
	pkg=${target%%:*}
	fn=${target##*:}
	corpus_dir="$pkg/testdata/fuzz/$fn"
	before=$(ls "$corpus_dir" 2>/dev/null || true)
	if out=$(go test -run '^$' -fuzz "^${fn}\$" -fuzztime "$fuzztime" -fuzzminimizetime 5s "$pkg" 2>&1); then
		echo "fuzz $pkg $fn $fuzztime: ok"
		continue
	fi
	for f in $(ls "$corpus_dir" 2>/dev/null); do
		case "$before" in *"$f"*) continue ;; esac
		if go test -run "^${fn}\$/^${f}\$" "$pkg" >/dev/null 2>&1; then
			rm -f "$corpus_dir/$f" # not reproducible: see above
		else
			echo "$out"
			echo "fuzz $pkg $fn: crasher $corpus_dir/$f" >&2
			exit 1
		fi
	done
	echo "fuzz $pkg $fn $fuzztime: ok (a non-reproducible report was ignored)"
done
