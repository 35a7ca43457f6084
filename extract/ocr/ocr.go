package ocr

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
	"time"

	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/internal/lazyre"
)

// Options tune recognition. The zero value is the tested configuration.
type Options struct {
	// Languages is tesseract's -l argument for running text; default
	// "chi_sim". CellLanguages is the one for table cells; default
	// "chi_sim+eng". See doc.go for why they differ.
	Languages, CellLanguages string
	// PSM is tesseract's page segmentation mode for the running text of
	// a page (tables taken out); default 3, automatic. CellPSM is the mode
	// for the strip of table cells; default 6, one block of text. See
	// doc.go for why.
	PSM, CellPSM int
	// DPI is the resolution PDF pages are rasterized at. The default, 0,
	// takes a scanned page (one image covering it) at the resolution of
	// its image, and other pages at 300 dpi; see doc.go for why.
	DPI int
	// Workers is how many pages are recognised at once; default the
	// number of CPUs.
	Workers int
	// PageTimeout bounds rasterizing and recognising one page; default
	// two minutes.
	PageTimeout time.Duration
	// TempDir is where page images go while they are read; default the
	// system's temporary directory. They are removed afterwards.
	TempDir string
	// Tesseract and Pdftoppm name the commands; defaults "tesseract" and
	// "pdftoppm", looked up in PATH.
	Tesseract, Pdftoppm string

	// inPlace reads table cells where they stand on the page, without the
	// strip: the design it replaced, kept to measure the difference.
	inPlace bool
}

func (o Options) orDefault() Options {
	if o.Languages == "" {
		o.Languages = "chi_sim"
	}
	if o.CellLanguages == "" {
		o.CellLanguages = "chi_sim+eng"
	}
	if o.PSM == 0 {
		o.PSM = 3
	}
	if o.CellPSM == 0 {
		o.CellPSM = 6
	}
	if o.Workers <= 0 {
		o.Workers = runtime.NumCPU()
	}
	if o.PageTimeout <= 0 {
		o.PageTimeout = 2 * time.Minute
	}
	if o.Tesseract == "" {
		o.Tesseract = "tesseract"
	}
	if o.Pdftoppm == "" {
		o.Pdftoppm = "pdftoppm"
	}
	return o
}

// Result is a recognised document with what the recognition is unsure
// of.
type Result struct {
	Doc *extract.Document
	// Numbers lists every table cell read as a number, in text order.
	Numbers []Number
}

// Number is a table cell that holds a number, as recognised.
type Number struct {
	Span extract.Span // the cell's text in Doc.Text
	Text string       // the text in Doc.Text, after repair
	Raw  string       // the text tesseract gave, before repair
	// Confidence is the lowest confidence of the cell's words, in [0,1],
	// after lowering for a repair.
	Confidence float64
	// Repaired says that the digits are a likely reading, not a sure
	// one: letters were taken for digits (O for 0, l for 1), full-width
	// digits made plain, or the cell read a second time for digits only
	// because the first reading was no number.
	Repaired bool
	// Low says the number should not be trusted without a look at the
	// page: its confidence is below LowConfidence or it was repaired.
	Low bool
}

const (
	// LowConfidence is the confidence below which a number counts as
	// read with low confidence. Tesseract gives digits it reads cleanly
	// 0.85 and above; misreadings mostly come below 0.6.
	LowConfidence = 0.7
	// RepairedConfidence caps the confidence of a repaired span: a
	// repair is a guess, however plain.
	RepairedConfidence = 0.5
)

// Read recognises the pages of an image-only PDF, a PDF whose text layer
// is unusable, or an image (PNG, JPEG, TIFF), and lays the text out as the
// other backends do. path only names the document in positions and
// errors. Every error is an *extract.Error; missing tools wrap
// ErrMissingTool and say how to install them.
func Read(ctx context.Context, path string, src []byte, lim extract.Limits, opts Options) (*extract.Document, error) {
	res, err := Recognize(ctx, path, src, lim, opts)
	if err != nil {
		return nil, err
	}
	return res.Doc, nil
}

// Recognize is Read that also returns the numbers of the tables with
// their confidence and repairs.
func Recognize(ctx context.Context, path string, src []byte, lim extract.Limits, opts Options) (res *Result, err error) {
	// A layout bug on strange geometry must not take a whole batch down.
	defer func() {
		if p := recover(); p != nil {
			res, err = nil, &extract.Error{Path: path, Err: fmt.Errorf("internal error: %v", p)}
		}
	}()
	lim, opts = lim.OrDefault(), opts.orDefault()
	if err := ctx.Err(); err != nil {
		return nil, &extract.Error{Path: path, Err: err}
	}
	if int64(len(src)) > lim.MaxBytes {
		return nil, &extract.Error{Path: path, Err: fmt.Errorf("%w: %d bytes > %d (see --max-bytes)", extract.ErrTooLarge, len(src), lim.MaxBytes)}
	}
	kind := sniff(src)
	if kind == "" {
		return nil, &extract.Error{Path: path, Err: fmt.Errorf("%w: not a PDF, PNG, JPEG or TIFF file", extract.ErrUnsupported)}
	}
	t, err := findTools(ctx, opts, kind == "pdf")
	if err != nil {
		return nil, &extract.Error{Path: path, Err: err}
	}
	dir, err := os.MkdirTemp(opts.TempDir, "nianbao-ocr-")
	if err != nil {
		return nil, &extract.Error{Path: path, Err: err}
	}
	defer os.RemoveAll(dir)
	r := &reader{ctx: ctx, t: t, opts: opts, dir: dir}
	var pages []*page
	switch kind {
	case "pdf":
		pages, err = r.pdf(src, lim.MaxPages)
	case "tiff":
		pages, err = r.tiff(src, lim.MaxPages)
	default:
		pages, err = r.image(src)
	}
	if err != nil {
		return nil, &extract.Error{Path: path, Err: err}
	}
	res = layout(path, pages)
	res.Doc.Pages, res.Doc.OCRPages = len(pages), len(pages)
	if len(res.Doc.Blocks) == 0 {
		return nil, &extract.Error{Path: path, Err: fmt.Errorf("%w: no text recognised", extract.ErrEmpty)}
	}
	return res, nil
}

func sniff(src []byte) string {
	head := src[:min(len(src), 1024)]
	switch {
	case bytes.Contains(head, []byte("%PDF-")):
		return "pdf"
	case bytes.HasPrefix(head, []byte("\x89PNG")):
		return "png"
	case bytes.HasPrefix(head, []byte{0xFF, 0xD8, 0xFF}):
		return "jpeg"
	case bytes.HasPrefix(head, []byte("II*\x00")), bytes.HasPrefix(head, []byte("MM\x00*")):
		return "tiff"
	}
	return ""
}

// page is one recognised page: its words, its ruled tables and its size,
// all in page pixels at dpi.
type page struct {
	num   int
	dpi   int
	w, h  float64
	frame frame
	grids []*grid
	words []word
}

type reader struct {
	ctx  context.Context
	t    tools
	opts Options
	dir  string
}

var pagesRE = lazyre.New(`(?m)^Pages:\s+(\d+)`)

// pdf rasterizes and recognises the first maxPages pages of a PDF, several
// at a time, each page in its own pdftoppm and tesseract process.
func (r *reader) pdf(src []byte, maxPages int) ([]*page, error) {
	in := filepath.Join(r.dir, "in.pdf")
	if err := os.WriteFile(in, src, 0o600); err != nil {
		return nil, err
	}
	info, err := output(r.ctx, nil, r.t.pdfinfo, "-f", "1", "-l", strconv.Itoa(maxPages), in)
	if err != nil {
		if r.ctx.Err() != nil {
			return nil, r.ctx.Err()
		}
		return nil, fmt.Errorf("not a readable PDF: %v", err)
	}
	m := pagesRE.Re().FindSubmatch(info)
	if m == nil {
		return nil, errors.New("not a readable PDF: pdfinfo gives no page count")
	}
	n, _ := strconv.Atoi(string(m[1]))
	if n == 0 {
		return nil, fmt.Errorf("%w: PDF has no pages", extract.ErrEmpty)
	}
	n = min(n, maxPages)
	sizes := pageSizes(info)
	dpis := map[int]int{}
	if r.opts.DPI <= 0 {
		list, err := output(r.ctx, nil, r.t.pdfimages, "-list", "-f", "1", "-l", strconv.Itoa(n), in)
		if err == nil {
			dpis = scanDPI(sizes, list)
		}
	}
	return r.parallel(n, func(ctx context.Context, num int) (*page, error) {
		dpi := r.opts.DPI
		if dpi <= 0 {
			dpi = dpis[num]
		}
		if dpi <= 0 {
			dpi = defaultDPI
		}
		// A page the size of a poster would make an image of gigabytes;
		// it is taken at the resolution that keeps it to maxPixels.
		if sz, ok := sizes[num]; ok {
			if px := sz[0] * sz[1] / (72 * 72) * float64(dpi*dpi); px > maxPixels {
				dpi = max(1, int(float64(dpi)*math.Sqrt(maxPixels/px)))
			}
		}
		prefix := filepath.Join(r.dir, "p"+strconv.Itoa(num))
		if _, err := output(ctx, nil, r.t.pdftoppm, "-r", strconv.Itoa(dpi), "-gray", "-f", strconv.Itoa(num), "-l", strconv.Itoa(num), "-singlefile", in, prefix); err != nil {
			return nil, fmt.Errorf("pdftoppm: %w", err)
		}
		g, err := readPGM(prefix + ".pgm")
		os.Remove(prefix + ".pgm")
		if err != nil {
			return nil, err
		}
		return r.page(ctx, num, g, dpi)
	})
}

// minSkew is the skew, in radians (0.3°), from which a page is deskewed
// before recognition; below it the frame alone takes the skew into
// account, and the lines of text drift by less than a pixel per 200.
const minSkew = 0.005

// defaultDPI is the resolution of pages that are not scans: tesseract
// is trained on text of about that size.
const defaultDPI = 300

var (
	pageSizeRE = lazyre.New(`(?m)^Page\s+(\d+)\s+size:\s+([0-9.]+)\s+x\s+([0-9.]+)\s+pts`)
	imageRE    = lazyre.New(`(?m)^\s*(\d+)\s+\d+\s+image\s+(\d+)\s+(\d+)\s+.*?\s(\d+)\s+(\d+)\s+\S+\s+\S+\s*$`)
)

// maxPixels bounds the pixels of a page image: an A4 page at 600 dpi has
// 35 million.
const maxPixels = 64 << 20

// pageSizes reads the size of every page, in points, from pdfinfo.
func pageSizes(info []byte) map[int][2]float64 {
	out := map[int][2]float64{}
	for _, m := range pageSizeRE.Re().FindAllSubmatch(info, -1) {
		p, _ := strconv.Atoi(string(m[1]))
		w, _ := strconv.ParseFloat(string(m[2]), 64)
		h, _ := strconv.ParseFloat(string(m[3]), 64)
		out[p] = [2]float64{w, h}
	}
	return out
}

// scanDPI finds the pages that are scans, a single image covering the
// page, and the resolution of their image. Rasterized at any other
// resolution the scan is resampled, and the interpolated strokes change
// what tesseract reads (a 200 dpi scan taken at 300 dpi reads the bold
// 总 of a heading as 息); scans finer than 600 dpi are taken at 300,
// coarser than 200 at twice their resolution, which resamples by a
// whole factor.
func scanDPI(sizes map[int][2]float64, list []byte) map[int]int {
	widths := map[int]float64{}
	for p, sz := range sizes {
		widths[p] = math.Min(sz[0], sz[1])
	}
	out := map[int]int{}
	for _, m := range imageRE.Re().FindAllSubmatch(list, -1) {
		p, _ := strconv.Atoi(string(m[1]))
		w, _ := strconv.Atoi(string(m[2]))
		h, _ := strconv.Atoi(string(m[3]))
		ppi, _ := strconv.Atoi(string(m[4]))
		if ppi <= 0 || widths[p] == 0 {
			continue
		}
		// The image covers the page when its short side, at its
		// resolution, spans most of the page's short side.
		if float64(min(w, h))/float64(ppi)*72 < 0.8*widths[p] {
			continue
		}
		switch {
		case ppi > 600:
			ppi = defaultDPI
		case ppi < 200:
			ppi *= 2
		}
		out[p] = max(out[p], ppi)
	}
	return out
}

// image recognises a PNG or JPEG page.
func (r *reader) image(src []byte) ([]*page, error) {
	cfg, _, err := image.DecodeConfig(bytes.NewReader(src))
	if err != nil {
		return nil, fmt.Errorf("decode image: %v", err)
	}
	if float64(cfg.Width)*float64(cfg.Height) > maxPixels {
		return nil, fmt.Errorf("%w: image of %d×%d pixels", extract.ErrTooLarge, cfg.Width, cfg.Height)
	}
	g, stated, err := decodeImage(src)
	if err != nil {
		return nil, fmt.Errorf("decode image: %v", err)
	}
	return r.parallel(1, func(ctx context.Context, num int) (*page, error) {
		return r.page(ctx, num, g, guessDPI(g, stated))
	})
}

// page finds the rules of a page image and erases them (they read as
// rows of dashes, 一 or l, and glue the contents of neighbouring cells
// together), deskews it if need be, moves the cells of its tables onto a
// strip, and recognises the page and then the strip, which also takes
// the weak lines of the page for a second reading.
func (r *reader) page(ctx context.Context, num int, g *gray, dpi int) (*page, error) {
	rs := findRules(g, dpi)
	grids, eh, ev := findGrids(rs, dpi)
	erase(g, eh, false)
	erase(g, ev, true)
	f := newFrame(rs.skew)
	if math.Abs(rs.skew) >= minSkew {
		g, f = deskew(g, f)
	}
	var st *strip
	if !r.opts.inPlace {
		st = buildStrip(g, grids, f, dpi, rs.ink)
	}
	base := filepath.Join(r.dir, "c"+strconv.Itoa(num))
	if err := writePGM(base+".pgm", g); err != nil {
		return nil, err
	}
	words, err := recognize(ctx, r.t, r.opts.Languages, r.opts.PSM, base+".pgm", dpi)
	os.Remove(base + ".pgm")
	if err != nil {
		return nil, err
	}
	p := &page{num: num, dpi: dpi, w: float64(g.w), h: float64(g.h), frame: f, grids: grids}
	for _, w := range words {
		w.page = num
		p.words = append(p.words, w)
	}
	if st == nil {
		return p, nil
	}
	weak := weakLines(st, g, p.words)
	if len(st.slots) == 0 {
		return p, nil
	}
	if err := writePGM(base+"s.pgm", st.img); err != nil {
		return nil, err
	}
	cells, err := recognize(ctx, r.t, r.opts.CellLanguages, r.opts.CellPSM, base+"s.pgm", dpi)
	os.Remove(base + "s.pgm")
	if err != nil {
		return nil, err
	}
	again := map[int][]word{}
	for _, w := range cells {
		sl, ok := st.place(&w)
		if !ok {
			continue
		}
		w.page = num
		if sl.line > 0 {
			w.lineKey = sl.line - 1
			again[w.lineKey] = append(again[w.lineKey], w)
			continue
		}
		w.grid, w.region = sl.grid+1, sl.region
		// Keys of the strip's lines must not meet those of the page's.
		w.lineKey += 1 << 20
		p.words = append(p.words, w)
	}
	p.words = betterLines(p.words, weak, again)
	if err := r.reread(ctx, p, st, dpi, base); err != nil {
		return nil, err
	}
	return p, nil
}

// tiff hands a TIFF file to tesseract as it is: the standard library has
// no TIFF decoder, so its pages are read without ruling lines and tables
// come from the alignment of the words alone.
func (r *reader) tiff(src []byte, maxPages int) ([]*page, error) {
	in := filepath.Join(r.dir, "in.tif")
	if err := os.WriteFile(in, src, 0o600); err != nil {
		return nil, err
	}
	dims, err := tiffPages(src)
	if err != nil {
		return nil, err
	}
	if len(dims) == 0 {
		return nil, errors.New("not a readable TIFF file")
	}
	// tesseract reads every page of a TIFF file: the limits are checked
	// before, not applied by reading fewer pages.
	if len(dims) > maxPages {
		return nil, fmt.Errorf("%w: TIFF of %d pages > %d (see --max-pages)", extract.ErrTooLarge, len(dims), maxPages)
	}
	for i, d := range dims {
		if float64(d.w)*float64(d.h) > maxPixels {
			return nil, fmt.Errorf("%w: TIFF page %d of %d×%d pixels", extract.ErrTooLarge, i+1, d.w, d.h)
		}
	}
	timeout := r.opts.PageTimeout * time.Duration(len(dims))
	ctx, cancel := context.WithTimeout(r.ctx, timeout)
	defer cancel()
	words, err := recognize(ctx, r.t, r.opts.Languages, r.opts.PSM, in, 0)
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			return nil, fmt.Errorf("tesseract: timed out after %v", timeout)
		}
		return nil, err
	}
	var pages []*page
	for i, d := range dims {
		p := &page{num: i + 1, dpi: d.dpi, w: float64(d.w), h: float64(d.h), frame: newFrame(0)}
		for _, w := range words {
			if w.page == i+1 {
				p.words = append(p.words, w)
			}
		}
		pages = append(pages, p)
	}
	return pages, nil
}

// parallel runs fn for pages 1..n on up to Workers goroutines, each page
// under its own timeout; the first failure cancels the rest.
func (r *reader) parallel(n int, fn func(ctx context.Context, num int) (*page, error)) ([]*page, error) {
	ctx, cancel := context.WithCancel(r.ctx)
	defer cancel()
	pages := make([]*page, n)
	errs := make([]error, n)
	sem := make(chan struct{}, r.opts.Workers)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				errs[i] = ctx.Err()
				return
			}
			defer func() { <-sem }()
			// A panic here would end the process, past the recover of
			// Recognize, which runs on another goroutine.
			defer func() {
				if p := recover(); p != nil {
					errs[i] = fmt.Errorf("page %d: internal error: %v", i+1, p)
					cancel()
				}
			}()
			pctx, pcancel := context.WithTimeout(ctx, r.opts.PageTimeout)
			defer pcancel()
			p, err := fn(pctx, i+1)
			if err != nil {
				if errors.Is(err, context.DeadlineExceeded) && r.ctx.Err() == nil {
					err = fmt.Errorf("timed out after %v", r.opts.PageTimeout)
				}
				errs[i] = fmt.Errorf("page %d: %w", i+1, err)
				cancel()
				return
			}
			pages[i] = p
		}()
	}
	wg.Wait()
	if err := r.ctx.Err(); err != nil {
		return nil, err
	}
	for _, err := range errs {
		if err != nil && !errors.Is(err, context.Canceled) {
			return nil, err
		}
	}
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return pages, nil
}

// output runs a command with env added to the environment and returns its
// standard output; a failure carries the first line of its standard error.
func output(ctx context.Context, env []string, name string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, name, args...)
	if len(env) > 0 {
		cmd.Env = append(os.Environ(), env...)
	}
	stdout, stderr := &capped{max: maxToolOutput}, &capped{max: 64 << 10}
	cmd.Stdout, cmd.Stderr = stdout, stderr
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if stdout.over {
			return nil, fmt.Errorf("%w: %s wrote more than %d MiB", extract.ErrTooLarge, filepath.Base(name), maxToolOutput>>20)
		}
		return nil, fmt.Errorf("%v: %s", err, firstLine(stderr.buf.Bytes()))
	}
	return stdout.buf.Bytes(), nil
}

// maxToolOutput bounds what a tool may write on standard output: the TSV
// of a page of text is some tens of kilobytes, so this is thousands of
// pages; a damaged image that makes tesseract repeat itself stops here.
var maxToolOutput = 64 << 20

// capped keeps at most max bytes written to it; past them it fails the
// write, which ends the copy and makes the tool die of a broken pipe.
type capped struct {
	buf  bytes.Buffer
	max  int
	over bool
}

func (c *capped) Write(p []byte) (int, error) {
	if c.buf.Len()+len(p) > c.max {
		c.over = true
		return 0, errors.New("output too large")
	}
	return c.buf.Write(p)
}

// MinConfidence returns the lowest recognition confidence of the text
// under sp, and false when no recognised word lies there (the document
// did not come from OCR, or sp holds no text).
func MinConfidence(doc *extract.Document, sp extract.Span) (float64, bool) {
	return doc.MinConfidence(sp)
}

// Check reports whether the tools that Read needs for PDFs are installed,
// with the languages opts asks for; the error wraps ErrMissingTool.
func Check(ctx context.Context, opts Options) error {
	_, err := findTools(ctx, opts.orDefault(), true)
	return err
}
