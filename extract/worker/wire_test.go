package worker

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/gob"
	"io"
	"os"
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/extract/input"
	"github.com/nianbao/nianbao/internal/fixtures"
)

// TestWire_Fields: the answer's encoding writes every field of the
// document by name; a field added to one of these types must be added to
// wire.go too, and then here.
func TestWire_Fields(t *testing.T) {
	want := map[reflect.Type][]string{
		reflect.TypeFor[extract.Document]():   {"Path", "Format", "Encoding", "Text", "Blocks", "OCR", "Confidence", "Pages", "OCRPages", "Bytes", "SHA256", "Origin", "lines"},
		reflect.TypeFor[extract.Block]():      {"Kind", "Span", "Page", "SourceLine", "Rows"},
		reflect.TypeFor[extract.Row]():        {"Span", "Cells"},
		reflect.TypeFor[extract.Cell]():       {"Span", "Text", "Col", "ColSpan", "RowSpan", "Merged"},
		reflect.TypeFor[extract.Confidence](): {"Span", "Value"},
		reflect.TypeFor[extract.Origin]():     {"Part", "Pieces"},
		reflect.TypeFor[extract.Piece]():      {"Text", "Src", "Node"},
		reflect.TypeFor[extract.Span]():       {"Start", "End"},
		reflect.TypeFor[response]():           {"Doc", "Err", "Path", "Causes", "PeakRSS"},
		reflect.TypeFor[request]():            {"File", "Name", "Src", "Limits", "NoOrigin", "Peak"},
		reflect.TypeFor[extract.Limits]():     {"MaxBytes", "MaxPages", "MaxDepth", "MaxUnzipped", "MaxEntries", "MaxMemory", "NoOrigin"},
	}
	for typ, names := range want {
		var got []string
		for i := range typ.NumField() {
			got = append(got, typ.Field(i).Name)
		}
		assert.Equal(t, names, got, "%v changed: update wire.go", typ)
	}
}

// TestWire_Request: a request comes back as it was sent, frame after
// frame on one pipe, and a cut or padded one is an error.
func TestWire_Request(t *testing.T) {
	reqs := []request{
		{File: "/tmp/报告.pdf", Name: "报告.pdf", Limits: extract.DefaultLimits, NoOrigin: true, Peak: true},
		{Name: "<stdin>", Src: []byte("2023年度政府信息公开工作年度报告\n"), Limits: extract.Limits{MaxBytes: 1 << 40, MaxPages: -1, NoOrigin: true}},
		{},
	}
	var pipe bytes.Buffer
	for i := range reqs {
		pipe.Write(appendRequest([]byte("junk before"), &reqs[i])[len("junk before"):])
	}
	var buf []byte
	for _, want := range reqs {
		var got request
		var err error
		buf, err = readRequest(&pipe, buf, &got)
		require.NoError(t, err)
		assert.Equal(t, want, got)
	}
	var got request
	_, err := readRequest(&pipe, nil, &got)
	assert.ErrorIs(t, err, io.EOF, "the parent is done")

	frame := appendRequest(nil, &reqs[1])
	for _, bad := range [][]byte{frame[:len(frame)-1], append(append([]byte(nil), frame...), 0)} {
		if len(bad) > len(frame) {
			bad[0]++ // the padding inside the frame
		}
		_, err := readRequest(bytes.NewReader(bad), nil, &got)
		assert.Error(t, err)
	}
}

func roundTrip(tb testing.TB, res *response) *response {
	tb.Helper()
	var pipe bytes.Buffer
	frame := appendResponse([]byte("junk before"), res)[len("junk before"):]
	require.NoError(tb, writeResponse(&pipe, frame, res))
	var got response
	_, err := readResponse(&pipe, nil, &got)
	require.NoError(tb, err)
	assert.Zero(tb, pipe.Len(), "all of the answer read, nothing more")
	return &got
}

// TestWire_RoundTrip: what the parent decodes is the document the reader
// made, field for field, for real reports of every format the readers
// trace (and so carry an Origin) and for a document with every field set.
func TestWire_RoundTrip(t *testing.T) {
	for _, name := range []string{"000_zibo_zichuan_touzi_2023.txt", "report.html", "report.docx", "rendered/sh_review.docx"} {
		t.Run(name, func(t *testing.T) {
			doc, err := input.ReadAs(context.Background(), fixtures.Path(name), name, extract.DefaultLimits)
			require.NoError(t, err)
			got := roundTrip(t, &response{Doc: doc, PeakRSS: 12345})
			assert.Equal(t, doc, got.Doc)
			assert.Equal(t, int64(12345), got.PeakRSS)
			// The compact form of a batch's spill, after what its
			// buffer held.
			b := AppendMarshal([]byte("before"), doc)
			assert.Equal(t, "before", string(b[:6]))
			back, err := Unmarshal(b[6:])
			require.NoError(t, err)
			assert.Equal(t, doc, back)
		})
	}
	t.Run("every field", func(t *testing.T) {
		doc := &extract.Document{Path: "a.pdf", Format: "ocr", Encoding: "utf-8", Text: "标题\n甲\t乙\t\n", OCR: true,
			Pages: 3, OCRPages: 2, Bytes: 1 << 40, SHA256: "ab12",
			Blocks: []extract.Block{
				{Kind: extract.Heading, Span: extract.Span{Start: 0, End: 6}, Page: 1, SourceLine: 7},
				{Kind: extract.Table, Span: extract.Span{Start: 7, End: 15}, Page: 2, Rows: []extract.Row{{
					Span: extract.Span{Start: 7, End: 15},
					Cells: []extract.Cell{
						{Span: extract.Span{Start: 7, End: 10}, Text: "甲", ColSpan: 1, RowSpan: 2},
						// A text that is not the one under the span is sent as it is.
						{Span: extract.Span{Start: 11, End: 14}, Text: "丙", Col: 1, ColSpan: 2, RowSpan: 1},
						{Span: extract.Span{Start: 15, End: 15}, Col: 3, ColSpan: 1, RowSpan: 1, Merged: true},
					}}}},
			},
			Confidence: []extract.Confidence{{Span: extract.Span{Start: 0, End: 6}, Value: 0.25}, {Span: extract.Span{Start: 7, End: 15}, Value: 1}},
			Origin:     &extract.Origin{Part: "word/document.xml", Pieces: []extract.Piece{{Text: extract.Span{Start: 0, End: 6}, Src: extract.Span{Start: 100, End: 118}, Node: -1}}},
		}
		got := roundTrip(t, &response{Doc: doc})
		assert.Equal(t, doc, got.Doc)
	})
	t.Run("error", func(t *testing.T) {
		res := &response{Err: "不是 UTF-8", Path: "a.txt", Causes: []string{"encoding", "empty"}, PeakRSS: 1}
		assert.Equal(t, res, roundTrip(t, res))
	})
}

// TestWire_Malformed: a frame cut short or with a byte changed is an
// error or another document, never a panic.
func TestWire_Malformed(t *testing.T) {
	doc, err := input.ReadAs(context.Background(), fixtures.Path("report.html"), "report.html", extract.DefaultLimits)
	require.NoError(t, err)
	payload := appendResponse(nil, &response{Doc: doc})[4:]
	for n := range len(payload) {
		var res response
		assert.Error(t, decodeResponse(payload[:n], doc.Text, &res), "cut at %d", n)
		assert.Nil(t, res.Doc)
	}
	for i := 0; i < len(payload); i += 7 {
		bad := append([]byte(nil), payload...)
		bad[i] ^= 0xff
		var res response
		_ = decodeResponse(bad, doc.Text, &res)
	}
	// The text that follows the frame, cut short or longer than said.
	var res response
	assert.Error(t, decodeResponse(payload, doc.Text[:len(doc.Text)-1], &res))
	assert.Error(t, decodeResponse(payload, doc.Text+"x", &res))
	var pipe bytes.Buffer
	require.NoError(t, writeResponse(&pipe, appendResponse(nil, &response{Doc: doc}), &response{Doc: doc}))
	_, err = readResponse(bytes.NewReader(pipe.Bytes()[:pipe.Len()-1]), nil, &res)
	assert.ErrorIs(t, err, io.ErrUnexpectedEOF)
	_, err = readFrame(bytesReader([]byte{0xff, 0xff, 0xff, 0xff}), nil)
	assert.ErrorContains(t, err, "more than")
	// A cell's grid column beyond an int32 is refused, not cut.
	wide := &extract.Document{Text: "a", Blocks: []extract.Block{{Kind: extract.Table, Rows: []extract.Row{{Cells: []extract.Cell{{Span: extract.Span{End: 1}, Text: "a", ColSpan: 1, RowSpan: 1}}}}}}}
	ok := Marshal(wide)
	_, err = Unmarshal(ok)
	require.NoError(t, err)
	col := bytes.LastIndex(ok, []byte{0, 2, 2, 0}) // the cell's column, spans, the origin's absence
	require.Positive(t, col)
	big := binary.AppendVarint(append([]byte(nil), ok[:col]...), 1<<31)
	_, err = Unmarshal(append(big, ok[col+1:]...))
	assert.ErrorIs(t, err, errCorrupt)
}

// BenchmarkWire is the cost of sending an HTML report's document from the
// reader to the parent (both ends, without the pipe).
func BenchmarkWire(b *testing.B) {
	doc, err := input.ReadAs(context.Background(), fixtures.Path("report.html"), "report.html", extract.DefaultLimits)
	require.NoError(b, err)
	doc.Origin = nil
	var frame []byte
	b.ReportAllocs()
	for b.Loop() {
		frame = appendResponse(frame[:0], &response{Doc: doc})
		var res response
		if err := decodeResponse(frame[4:], doc.Text, &res); err != nil {
			b.Fatal(err)
		}
	}
}

func bytesReader(b []byte) io.Reader { return bytes.NewReader(b) }

// BenchmarkWire_Gob is BenchmarkWire as the answers were sent before, for
// comparison: one gob encoder and decoder kept for the whole stream.
func BenchmarkWire_Gob(b *testing.B) {
	doc, err := input.ReadAs(context.Background(), fixtures.Path("report.html"), "report.html", extract.DefaultLimits)
	require.NoError(b, err)
	doc.Origin = nil
	var buf bytes.Buffer
	enc, dec := gob.NewEncoder(&buf), gob.NewDecoder(&buf)
	b.ReportAllocs()
	for b.Loop() {
		if err := enc.Encode(&response{Doc: doc}); err != nil {
			b.Fatal(err)
		}
		var res response
		if err := dec.Decode(&res); err != nil {
			b.Fatal(err)
		}
	}
}

// TestWire_Stream: a streamed answer is byte for byte the frame that
// appendResponse builds followed by the text, for a report and for a
// document whose frame spills many times, and the parent reads it back.
func TestWire_Stream(t *testing.T) {
	small, err := input.ReadAs(context.Background(), fixtures.Path("report.html"), "report.html", extract.DefaultLimits)
	require.NoError(t, err)
	src := bytes.Repeat(mustReadFixture(t, "000_zibo_zichuan_touzi_2023.txt"), 200)
	large, err := input.Bytes(context.Background(), "large.txt", src, extract.Limits{})
	require.NoError(t, err)
	for _, res := range []*response{
		{Doc: small, PeakRSS: 7},
		{Doc: large, PeakRSS: 1 << 30},
		{Err: "不是 UTF-8", Path: "a.txt", Causes: []string{"encoding"}},
	} {
		var want bytes.Buffer
		frame := appendResponse(nil, res)
		require.NoError(t, writeResponse(&want, frame, res))
		var got bytes.Buffer
		buf, err := streamResponse(&got, make([]byte, 0, 100), res)
		require.NoError(t, err)
		assert.True(t, bytes.Equal(want.Bytes(), got.Bytes()), "streamed answer differs from the built one")
		assert.Less(t, cap(buf), 2*spillAt, "one small buffer")
		var back response
		_, err = readResponse(&got, nil, &back)
		require.NoError(t, err)
		assert.Equal(t, res, &back)
	}
	assert.Greater(t, len(appendResponse(nil, &response{Doc: large})), 5*spillAt, "the large frame spills")
}

func mustReadFixture(tb testing.TB, name string) []byte {
	tb.Helper()
	b, err := os.ReadFile(fixtures.Path(name))
	require.NoError(tb, err)
	return b
}
