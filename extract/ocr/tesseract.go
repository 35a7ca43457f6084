package ocr

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strconv"
	"strings"
	"sync"
)

// word is one word tesseract recognised, with its box in page pixels.
type word struct {
	text           string
	conf           float64 // 0..1
	x0, y0, x1, y1 float64 // box in page pixels
	page           int     // 1-based page (of a multi-page TIFF, as tesseract numbers it)
	lineKey        int     // index of tesseract's line (page, block, paragraph, line)
	// grid is 1 + the index of the grid whose cell region the word was
	// read from on the strip; 0 for words of the page.
	grid, region int
	// reread says the word comes from reading a cell again for digits.
	reread bool
	// Box in the frame of the page's grids (deskewed), set by layout.
	fx0, fy0, fx1, fy1 float64
}

// digitLanguage is the model that reads cells again for digits alone;
// package tesseract-ocr brings it.
const digitLanguage = "eng"

// install is the advice every missing-tool error carries.
const install = "install them with: apt-get install tesseract-ocr tesseract-ocr-chi-sim poppler-utils"

// ErrMissingTool is the cause of errors when tesseract, its language data
// or poppler's pdftoppm is not installed.
var ErrMissingTool = errors.New("OCR tool missing")

// tools are the commands one Read needs, resolved once per process for
// each configuration.
type tools struct {
	tesseract, pdftoppm, pdfinfo, pdfimages string
}

var (
	toolMu    sync.Mutex
	toolCache = map[string]tools{}
)

// findTools resolves the commands and checks that tesseract has every
// language asked for; pdf says the poppler tools are needed too.
func findTools(ctx context.Context, opts Options, pdf bool) (tools, error) {
	langs := opts.Languages + "+" + opts.CellLanguages + "+" + digitLanguage
	key := opts.Tesseract + "\x00" + opts.Pdftoppm + "\x00" + langs + "\x00" + strconv.FormatBool(pdf)
	toolMu.Lock()
	t, ok := toolCache[key]
	toolMu.Unlock()
	if ok {
		return t, nil
	}
	var err error
	if t.tesseract, err = exec.LookPath(opts.Tesseract); err != nil {
		return t, fmt.Errorf("%w: %s not found; %s", ErrMissingTool, opts.Tesseract, install)
	}
	if pdf {
		if t.pdftoppm, err = exec.LookPath(opts.Pdftoppm); err != nil {
			return t, fmt.Errorf("%w: %s (poppler-utils) not found; %s", ErrMissingTool, opts.Pdftoppm, install)
		}
		// pdfinfo and pdfimages ship with pdftoppm; look next to it first.
		for _, c := range []struct {
			name string
			path *string
		}{{"pdfinfo", &t.pdfinfo}, {"pdfimages", &t.pdfimages}} {
			if *c.path, err = exec.LookPath(strings.TrimSuffix(t.pdftoppm, "pdftoppm") + c.name); err != nil {
				if *c.path, err = exec.LookPath(c.name); err != nil {
					return t, fmt.Errorf("%w: %s (poppler-utils) not found; %s", ErrMissingTool, c.name, install)
				}
			}
		}
	}
	out, err := exec.CommandContext(ctx, t.tesseract, "--list-langs").CombinedOutput()
	if err != nil {
		return t, fmt.Errorf("%w: %s --list-langs: %v: %s; %s", ErrMissingTool, t.tesseract, err, firstLine(out), install)
	}
	have := map[string]bool{}
	for _, l := range strings.Split(string(out), "\n") {
		have[strings.TrimSpace(l)] = true
	}
	for _, lang := range strings.Split(langs, "+") {
		if !have[lang] {
			pkg := "tesseract-ocr-" + strings.ReplaceAll(strings.ToLower(lang), "_", "-")
			return t, fmt.Errorf("%w: tesseract has no %s language data (package %s); %s", ErrMissingTool, lang, pkg, install)
		}
	}
	toolMu.Lock()
	toolCache[key] = t
	toolMu.Unlock()
	return t, nil
}

func firstLine(b []byte) string {
	s := strings.TrimSpace(string(b))
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return s
}

// recognize runs tesseract on one image file and returns its words.
func recognize(ctx context.Context, t tools, langs string, psm int, image string, dpi int) ([]word, error) {
	return recognizeWith(ctx, t, langs, psm, image, dpi)
}

// recognizeWith is recognize with tesseract variables set (-c name=value).
func recognizeWith(ctx context.Context, t tools, langs string, psm int, image string, dpi int, vars ...string) ([]word, error) {
	args := []string{image, "stdout", "-l", langs, "--psm", strconv.Itoa(psm)}
	if dpi > 0 {
		args = append(args, "--dpi", strconv.Itoa(dpi))
	}
	for _, v := range vars {
		args = append(args, "-c", v)
	}
	args = append(args, "tsv")
	// Pages already run in parallel; tesseract's own threads would only
	// compete with them.
	out, err := output(ctx, []string{"OMP_THREAD_LIMIT=1"}, t.tesseract, args...)
	if err != nil {
		if ctx.Err() != nil {
			return nil, err
		}
		return nil, fmt.Errorf("tesseract: %w", err)
	}
	return parseTSV(out)
}

// parseTSV reads tesseract's TSV: one row per page, block, paragraph,
// line and word; only words (level 5) carry text.
func parseTSV(b []byte) ([]word, error) {
	var out []word
	lineKeys := map[[4]int]int{}
	for i, l := range bytes.Split(b, []byte("\n")) {
		if i == 0 || len(l) == 0 {
			continue
		}
		f := strings.Split(strings.TrimRight(string(l), "\r"), "\t")
		if len(f) < 12 || f[0] != "5" {
			continue
		}
		text := strings.TrimSpace(strings.Join(f[11:], " "))
		if text == "" {
			continue
		}
		var n [10]int
		for k := 1; k <= 9; k++ {
			v, err := strconv.Atoi(f[k])
			if err != nil {
				return nil, fmt.Errorf("tesseract output line %d: %q", i+1, l)
			}
			n[k] = v
		}
		conf, err := strconv.ParseFloat(f[10], 64)
		if err != nil {
			return nil, fmt.Errorf("tesseract output line %d: %q", i+1, l)
		}
		lk := [4]int{n[1], n[2], n[3], n[4]}
		key, ok := lineKeys[lk]
		if !ok {
			key = len(lineKeys)
			lineKeys[lk] = key
		}
		w := word{
			text: text, conf: max(0, min(conf/100, 1)),
			x0: float64(n[6]), y0: float64(n[7]), x1: float64(n[6] + n[8]), y1: float64(n[7] + n[9]),
			page: n[1], lineKey: key,
		}
		out = append(out, w)
	}
	return out, nil
}
