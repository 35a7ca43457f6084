package pdf

import (
	"bytes"
	"io"
	"runtime"
	"testing"

	lpdf "github.com/ledongthuc/pdf"

	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/internal/fixtures"
)

// TestInflater_Open: every content stream and font stream of the PDFs of
// testdata, the shared samples and the real corpus decodes through
// inflater.open to the bytes lpdf's Value.Reader gives, or fails where
// it fails; and the real report's streams take the path that reuses the
// decompressor (lpdf's String form still ends with the offset), so that a
// new version of lpdf cannot turn it off unseen.
func TestInflater_Open(t *testing.T) {
	for name, src := range fixturePDFs(t) {
		src = repair(src)
		r, err := lpdf.NewReader(bytes.NewReader(src), int64(len(src)))
		if err != nil {
			continue
		}
		z := inflater{src: src, plain: r.Trailer().Key("Encrypt").IsNull()}
		fast := 0
		for _, s := range streamsOf(r) {
			if _, ok := z.raw(s); ok {
				fast++
			}
			want, wantErr := decode(func() io.Reader { return s.Reader() })
			got, gotErr := decode(func() io.Reader { return z.open(s) })
			if !bytes.Equal(got, want) || (gotErr == nil) != (wantErr == nil) {
				t.Errorf("%s: stream %s: inflater gives %d bytes (%v), lpdf %d (%v)", name, s.String(), len(got), gotErr, len(want), wantErr)
			}
		}
		if bytes.HasSuffix([]byte(name), []byte("001_huaian_hongze_qu_gov_2023.pdf")) && fast < 10 {
			t.Errorf("%s: %d streams inflated with the kept decompressor, want every FlateDecode one (≥ 10)", name, fast)
		}
	}
}

// streamsOf lists the content streams and the fonts' ToUnicode and
// encoding streams of r's first 20 pages.
func streamsOf(r *lpdf.Reader) (out []lpdf.Value) {
	defer func() { _ = recover() }()
	for i := 1; i <= min(r.NumPage(), 20); i++ {
		p := r.Page(i).V
		c := p.Key("Contents")
		if c.Kind() == lpdf.Array {
			for k := 0; k < c.Len(); k++ {
				out = append(out, c.Index(k))
			}
		} else {
			out = append(out, c)
		}
		fonts := p.Key("Resources").Key("Font")
		for _, k := range fonts.Keys() {
			f := fonts.Key(k)
			out = append(out, f.Key("ToUnicode"), f.Key("Encoding"))
		}
	}
	return out
}

// decode reads what open returns, turning a panic into an error as the
// reader's callers do.
func decode(open func() io.Reader) (data []byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			data, err = nil, io.ErrUnexpectedEOF
		}
	}()
	return io.ReadAll(io.LimitReader(open(), 64<<20))
}

// TestRead_Bytes bounds the memory that reading the real 5-page report
// allocates (bytes, not time: the count is the same on any machine). In a
// reader process, which reads one file and exits, nearly every byte is
// a fresh page. 2.61 MB when each stream had its own decompressor, 2.12
// MB with one per file, 1.80 MB with the content buffer sized for a page
// at once, each table cell's glyphs in one buffer and each page's glyphs
// collected in storage kept from page to page.
func TestRead_Bytes(t *testing.T) {
	src := fixtures.Read(t, "001_huaian_hongze_qu_gov_2023.pdf")
	if _, err := Read("bench.pdf", src, extract.Limits{}); err != nil {
		t.Fatal(err)
	}
	const limit = 1_900_000
	best := uint64(1 << 62)
	for range 3 {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		if _, err := Read("bench.pdf", src, extract.Limits{}); err != nil {
			t.Fatal(err)
		}
		runtime.ReadMemStats(&after)
		best = min(best, after.TotalAlloc-before.TotalAlloc)
	}
	if best > limit {
		t.Errorf("reading the 5-page report allocates %d bytes, want at most %d", best, limit)
	}
}
