package jsonl

import (
	"fmt"
	"io"

	"github.com/nianbao/nianbao/export"
	"github.com/nianbao/nianbao/internal/atomicfile"
)

// Options tune the output.
type Options struct {
	Lang string // message language: "zh" (default) or "en"
}

// Line is one line of the output (version export.Version).
type Line struct {
	Version   int                  `json:"version"`
	Path      string               `json:"path"`
	PathBytes []byte               `json:"path_bytes,omitempty"` // see export.JSONReport
	Source    *export.Source       `json:"source,omitempty"`     // how the file was read
	Model     *export.Model        `json:"model"`
	Findings  []export.JSONFinding `json:"findings"`
	Error     string               `json:"error,omitempty"`
}

// LineOf converts one result.
func LineOf(r export.Result, lang string) Line {
	l := Line{Version: export.Version, Path: r.Path, PathBytes: export.RawPath(r.Path), Findings: export.JSONFindings(r, lang)}
	if r.Report != nil {
		m := export.ModelOf(r.Report)
		l.Model = &m
		l.Source = export.SourceOf(r.Report, lang)
	}
	if r.Err != nil {
		l.Error = r.Err.Error()
	}
	return l
}

// Writer writes one line per result.
type Writer struct {
	opts Options
	out  *atomicfile.Buffered
	enc  *encoder
	line []byte
	err  error
}

// NewWriter writes lines to w (standard output, say); Close flushes but
// does not close w.
func NewWriter(w io.Writer, opts Options) *Writer {
	return newWriter(atomicfile.NewBuffered(w, "jsonl"), opts)
}

// Create writes lines to path, which is replaced atomically on Close.
func Create(path string, opts Options) (*Writer, error) {
	return atomicfile.CreateWith(path, "jsonl", func(b *atomicfile.Buffered) *Writer { return newWriter(b, opts) })
}

func newWriter(out *atomicfile.Buffered, opts Options) *Writer {
	return &Writer{opts: opts, out: out, enc: newEncoder()}
}

// Add writes the line of one result.
func (w *Writer) Add(r export.Result) error {
	if w.err != nil {
		return w.err
	}
	var err error
	if w.line, err = w.enc.appendLine(w.line[:0], LineOf(r, w.opts.Lang)); err != nil {
		w.err = fmt.Errorf("jsonl: %s: %w", r.Path, err)
		return w.err
	}
	if _, err := w.out.Write(w.line); err != nil {
		w.err = fmt.Errorf("jsonl: %s: %w", r.Path, err)
	}
	return w.err
}

// Close flushes the lines and, for Create, puts the file in place. After
// an error the destination is left as it was.
func (w *Writer) Close() error { return w.out.Finish(w.err) }

// Abort drops an unfinished file; after Close it does nothing.
func (w *Writer) Abort() { w.out.Abort() }
