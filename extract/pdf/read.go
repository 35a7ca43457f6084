package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"unicode"

	lpdf "github.com/ledongthuc/pdf"

	"github.com/nianbao/nianbao/extract"
)

// Read parses a PDF file held in src and returns its document. path only
// names the document in positions and errors. Every failure is an
// *extract.Error; a file without a usable text layer wraps
// extract.ErrNeedsOCR, one over the limits extract.ErrTooLarge.
func Read(path string, src []byte, lim extract.Limits) (doc *extract.Document, err error) {
	// The parser reports damage by panicking, and a layout bug on strange
	// geometry must not take a whole batch down either.
	defer func() {
		if r := recover(); r != nil {
			doc, err = nil, &extract.Error{Path: path, Err: panicError(r)}
		}
	}()
	lim = lim.OrDefault()
	if int64(len(src)) > lim.MaxBytes {
		return nil, &extract.Error{Path: path, Err: fmt.Errorf("%w: %d bytes > %d (see --max-bytes)", extract.ErrTooLarge, len(src), lim.MaxBytes)}
	}
	pages, err := readPages(src, lim)
	if err != nil {
		return nil, &extract.Error{Path: path, Err: err}
	}
	if reason := textQuality(pages); reason != "" {
		return nil, &extract.Error{Path: path, Err: fmt.Errorf("%w: %s", extract.ErrNeedsOCR, reason)}
	}
	doc = layout(path, pages)
	doc.Pages = len(pages)
	return doc, nil
}

// ErrEncrypted is the cause of errors on encrypted files that cannot be
// opened with an empty password. Files that only restrict printing or
// copying (an empty user password) are read normally.
var ErrEncrypted = errors.New("encrypted PDF")

// state is shared by the pages of one file: the font cache and the work
// budget that stops hostile content streams.
type state struct {
	fonts     map[string]*font
	ops       int
	maxOps    int
	maxGlyphs int
	maxSegs   int
	// glyphs is the storage a page's glyphs are collected in, kept from
	// page to page; each page keeps a copy of its size. Grown for every
	// page from the size of the one before, the glyphs of the 5-page real
	// report took 355 KB where they are 150 KB.
	glyphs []glyph
	// decoded counts the bytes of content streams, which may not exceed
	// maxDecoded (the limit on uncompressed data, Limits.MaxUnzipped).
	decoded, maxDecoded int64
	// content holds the decoded content streams of the page being
	// prepared, its storage kept from page to page: cleanContent copies
	// what it keeps, so growing a buffer for every page (a third of the
	// time prepare took) is done once.
	content []byte
	// cmaps holds the parsed CMap streams by object reference.
	cmaps map[string]*cmap
	// mem estimates the memory the file has made us hold, in bytes;
	// reaching maxMem (Limits.MaxMemory, the file's share of
	// --max-memory) refuses the file before the allocation happens.
	mem, maxMem int64
	// streams decodes the file's streams.
	streams inflater
}

// contentStart is the capacity state.content starts with: the decoded
// content of a report's page fits (the 5-page real report's largest is
// 41 KB), where growing it from nothing allocated five times that, each
// size copied to the next. What a smaller file leaves unused is never
// touched, so costs no memory.
const contentStart = 64 << 10

// charge counts n more bytes of memory for what, and stops the file when
// they pass its share.
func (st *state) charge(n int64, what string) {
	st.mem += n
	if st.mem > st.maxMem {
		panic(fmt.Errorf("%w: %s would take more than this file's share of memory, %d MiB (see --max-memory)", errBudget, what, st.maxMem>>20))
	}
}

func readPages(src []byte, lim extract.Limits) (pages []*pageContent, err error) {
	defer func() {
		if r := recover(); r != nil {
			pages = nil
			err = panicError(r)
		}
	}()
	src = repair(src)
	if err := checkStructure(src); err != nil {
		return nil, err
	}
	r, err := lpdf.NewReader(bytes.NewReader(src), int64(len(src)))
	if err != nil {
		if bytes.Contains(src, []byte("/Encrypt")) {
			return nil, fmt.Errorf("%w: %w that needs a password or uses an unsupported cipher (%v); save an unprotected copy", extract.ErrUnsupported, ErrEncrypted, err)
		}
		return nil, fmt.Errorf("not a readable PDF: %v", err)
	}
	refs, err := collectPages(r.Trailer().Key("Root").Key("Pages"), lim.MaxPages)
	if err != nil {
		return nil, err
	}
	if len(refs) == 0 {
		return nil, fmt.Errorf("%w: PDF has no pages", extract.ErrEmpty)
	}
	st := &state{
		fonts:      make(map[string]*font),
		maxOps:     2_000_000 + 20_000*len(refs),
		maxGlyphs:  200_000,
		maxSegs:    50_000,
		maxDecoded: lim.MaxUnzipped,
		cmaps:      make(map[string]*cmap),
		maxMem:     lim.MaxMemory,
		content:    make([]byte, 0, contentStart),
		streams:    inflater{src: src, plain: r.Trailer().Key("Encrypt").IsNull()},
	}
	for i, ref := range refs {
		pc, err := readPage(st, ref, i+1)
		if err != nil {
			return nil, err
		}
		pages = append(pages, pc)
	}
	return pages, nil
}

func panicError(r any) error {
	if e, ok := r.(error); ok {
		if errors.Is(e, errBudget) {
			return fmt.Errorf("%w: %v", extract.ErrTooLarge, e)
		}
		return fmt.Errorf("malformed PDF: %v", e)
	}
	return fmt.Errorf("malformed PDF: %v", r)
}

// repair undoes the damage that real files carry and that the parser
// rejects outright: junk before the header, a header the parser does not
// know (PDF 2.0, no line break after the version), bytes after the
// last %%EOF, and a trailer /Size below its own table (raiseSize). The
// caller's slice is never modified.
func repair(src []byte) []byte {
	if i := bytes.Index(src[:min(len(src), 1024)], []byte("%PDF-")); i > 0 {
		src = src[i:]
	}
	if i := bytes.LastIndex(src, []byte("%%EOF")); i >= 0 {
		src = src[:i+5]
	}
	src = raiseSize(src)
	if len(src) >= 9 && bytes.HasPrefix(src, []byte("%PDF-")) {
		if src[5] != '1' || src[6] != '.' || src[7] < '0' || src[7] > '7' || src[8] != '\r' && src[8] != '\n' {
			fixed := make([]byte, len(src))
			copy(fixed, src)
			copy(fixed[5:], "1.7\n")
			src = fixed
		}
	}
	return src
}

// raiseSize raises the last trailer's /Size to the extent of the
// cross-reference table that startxref points to, when it is smaller.
// poppler's pdfunite writes /Size as the number of objects it copied, not
// one past the highest object number, and the parser cuts its table to
// /Size: the catalog falls off the end and the file reads as "no pages",
// where pdftotext and other readers take the table as written. Only the
// bytes after the table change, so no offset moves. A stream
// cross-reference carries its own /Size and is left alone.
func raiseSize(src []byte) []byte {
	at := bytes.LastIndex(src, []byte("startxref"))
	if at < 0 {
		return src
	}
	off, ok := intAfter(src[at+len("startxref"):])
	if !ok || off < 0 || off >= int64(at) || !bytes.HasPrefix(src[off:], []byte("xref")) {
		return src
	}
	table := src[off:at]
	end := bytes.Index(table, []byte("trailer"))
	if end < 0 {
		return src
	}
	var covered int64
	for first, count := range subsections(table[len("xref"):end]) {
		covered = max(covered, first+count)
	}
	k := bytes.Index(table[end:], []byte("/Size"))
	if k < 0 {
		return src
	}
	i := int(off) + end + k + len("/Size")
	for i < at && isPSSpace(src[i]) {
		i++
	}
	j := i
	for j < at && j-i < 19 && src[j] >= '0' && src[j] <= '9' {
		j++
	}
	if size, ok := parseInt(src[i:j]); !ok || size >= covered {
		return src
	}
	fixed := make([]byte, 0, len(src)+8)
	fixed = append(fixed, src[:i]...)
	fixed = strconv.AppendInt(fixed, covered, 10)
	return append(fixed, src[j:]...)
}

type pageRef struct {
	v      lpdf.Value
	res    lpdf.Value
	box    [4]float64 // llx lly urx ury
	rotate int
}

// collectPages walks the page tree once (Reader.Page walks it from the
// root for every page), carrying inherited attributes down. Cycles and
// absurd depths end the walk; more than max pages is an error.
func collectPages(root lpdf.Value, max int) ([]pageRef, error) {
	var refs []pageRef
	visits := 0
	var walk func(node lpdf.Value, inh pageRef, depth int) error
	walk = func(node lpdf.Value, inh pageRef, depth int) error {
		visits++
		if depth > 64 || visits > 4*max+1000 {
			return nil
		}
		if r := node.Key("Resources"); r.Kind() == lpdf.Dict {
			inh.res = r
		}
		if b, ok := box(node.Key("MediaBox")); ok {
			inh.box = b
		}
		if rot := node.Key("Rotate"); rot.Kind() == lpdf.Integer {
			inh.rotate = int(((rot.Int64()%360)+360)%360) / 90 * 90
		}
		kids := node.Key("Kids")
		if node.Key("Type").Name() == "Pages" || kids.Kind() == lpdf.Array && node.Key("Type").Name() != "Page" {
			for i := 0; i < kids.Len(); i++ {
				if err := walk(kids.Index(i), inh, depth+1); err != nil {
					return err
				}
			}
			return nil
		}
		if node.Kind() != lpdf.Dict {
			return nil
		}
		if c, ok := box(node.Key("CropBox")); ok {
			b := inh.box
			b = [4]float64{math.Max(b[0], c[0]), math.Max(b[1], c[1]), math.Min(b[2], c[2]), math.Min(b[3], c[3])}
			if b[2]-b[0] > 1 && b[3]-b[1] > 1 {
				inh.box = b
			}
		}
		inh.v = node
		refs = append(refs, inh)
		if len(refs) > max {
			return fmt.Errorf("%w: more than %d pages (see --max-pages)", extract.ErrTooLarge, max)
		}
		return nil
	}
	err := walk(root, pageRef{box: [4]float64{0, 0, 612, 792}}, 0)
	return refs, err
}

func box(v lpdf.Value) ([4]float64, bool) {
	if v.Len() != 4 {
		return [4]float64{}, false
	}
	var b [4]float64
	for i := range b {
		b[i] = v.Index(i).Float64()
	}
	b = [4]float64{math.Min(b[0], b[2]), math.Min(b[1], b[3]), math.Max(b[0], b[2]), math.Max(b[1], b[3])}
	if b[2]-b[0] < 1 || b[3]-b[1] < 1 || b[2]-b[0] > 1e5 || b[3]-b[1] > 1e5 {
		return [4]float64{}, false
	}
	return b, true
}

// readPage interprets the content of one page into display space: the
// page matrix moves the crop box origin to the top left, turns y
// downwards and applies /Rotate, so later stages never think about PDF
// coordinates.
func readPage(st *state, ref pageRef, num int) (pc *pageContent, err error) {
	defer func() {
		if r := recover(); r != nil {
			pc = nil
			err = fmt.Errorf("page %d: %w", num, panicError(r))
		}
	}()
	llx, lly, urx, ury := ref.box[0], ref.box[1], ref.box[2], ref.box[3]
	w, h := urx-llx, ury-lly
	var m matrix
	switch ref.rotate {
	case 90:
		m, w, h = matrix{0, 1, 1, 0, -lly, -llx}, h, w
	case 180:
		m = matrix{-1, 0, 0, 1, urx, -lly}
	case 270:
		m, w, h = matrix{0, -1, -1, 0, ury, urx}, h, w
	default:
		m = matrix{1, 0, 0, -1, -llx, ury}
	}
	pc = &pageContent{num: num, width: w, height: h}
	contents := ref.v.Key("Contents")
	if contents.Kind() != lpdf.Stream && contents.Kind() != lpdf.Array {
		return pc, nil
	}
	clean := st.prepare(contents)
	if st.glyphs == nil {
		// A glyph for every 16 bytes of content is more than reports
		// draw (one for 15 to 145); what is not used is not touched.
		st.glyphs = make([]glyph, 0, len(clean)/16)
	}
	pc.glyphs = st.glyphs[:0]
	newWalker(st, pc, ref.res, m, 0).run(clean)
	st.glyphs = pc.glyphs[:0]
	pc.glyphs = slices.Clone(pc.glyphs)
	return pc, nil
}

// textQuality decides whether the text layer can be used; it returns why
// not, or "" when it can. Scans carry no text or an invisible OCR layer;
// broken fonts give codes without Unicode ((cid:N) in other tools) or
// private-use characters.
func textQuality(pages []*pageContent) string {
	var shown, unmapped, invisible, glyphless, visible, bad, imagePages, textPages int
	for _, p := range pages {
		shown += p.shown
		unmapped += p.unmapped
		invisible += p.invisible
		glyphless += p.glyphless
		visible += len(p.glyphs)
		if len(p.glyphs) > 0 {
			textPages++
		} else if p.imageArea > 0.3*p.width*p.height {
			imagePages++
		}
		for i := range p.glyphs {
			for _, r := range p.glyphs[i].text {
				if r == unicode.ReplacementChar || r >= 0xE000 && r <= 0xF8FF || r >= 0xF0000 || r < 0x20 {
					bad++
					break
				}
			}
		}
	}
	switch {
	case glyphless > 0 && glyphless*2 >= shown:
		return "the text layer is an OCR layer (GlyphLessFont) over page images; run OCR on the images"
	case invisible > 0 && invisible*2 >= shown && imagePages+textPages > 0:
		return fmt.Sprintf("%d%% of the text is invisible (an OCR layer over page images)", 100*invisible/shown)
	case visible == 0 && imagePages > 0:
		return fmt.Sprintf("no text layer: %d of %d pages are images (a scan)", imagePages, len(pages))
	case visible == 0:
		return "no text layer (text drawn as outlines, or blank pages)"
	case imagePages > textPages:
		return fmt.Sprintf("%d of %d pages are images without text (a scan)", imagePages, len(pages))
	case unmapped*10 > shown*3:
		return fmt.Sprintf("%d%% of the characters have no Unicode mapping (fonts without ToUnicode, (cid:N) output)", 100*unmapped/shown)
	case bad*10 > visible*3:
		return fmt.Sprintf("%d%% of the characters decode to private-use or replacement characters", 100*bad/visible)
	}
	return ""
}
