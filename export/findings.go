package export

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/internal/display"
	"github.com/nianbao/nianbao/validate"
)

// Version is the version of the JSON output. Fields are only ever added
// under one version; a change that removes or renames one needs a new
// version.
const Version = 1

// TextOptions tune WriteText.
type TextOptions struct {
	Lang  string // "zh" (default) or "en"
	Color bool   // ANSI colours for severities (callers honour NO_COLOR)
}

// WriteText writes findings as "path:line:col: severity RULE message",
// one per line, then per-file errors and a summary line; see TextWriter.
func WriteText(w io.Writer, results []Result, opts TextOptions) error {
	return writeAll(NewTextWriter(w, opts), results)
}

// writeAll adds every result to w and closes it.
func writeAll(w streamed, results []Result) error {
	for _, r := range results {
		w.Add(r)
	}
	return w.Close()
}

// TextWriter writes results one at a time, so a batch of any size is
// printed as it goes. Within one file the location is padded by display
// width (a Chinese character is two columns) so that severities line up.
type TextWriter struct {
	w                       *errWriter
	opts                    TextOptions
	files, failed           int
	errors, warnings, infos int
	families                map[string]int
	worst                   []worst
}

type worst struct {
	path   string
	errors int
}

// NewTextWriter starts text output on w.
func NewTextWriter(w io.Writer, opts TextOptions) *TextWriter {
	return &TextWriter{w: &errWriter{w: w}, opts: opts, families: map[string]int{}}
}

// Add writes the findings of one result, then its error if it has one.
// A file whose check broke off (a rule that failed) keeps the findings
// that were made, as in JSON, and still counts as not processed.
func (t *TextWriter) Add(r Result) {
	t.files++
	widest := 0
	locs := make([]string, len(r.Findings))
	for i, f := range r.Findings {
		locs[i] = location(f.Pos)
		widest = max(widest, display.Width(locs[i]))
	}
	errs := 0
	for i, f := range r.Findings {
		sev := f.Severity.String()
		if t.opts.Color {
			sev = colorize(f.Severity, sev)
		}
		t.w.printf("%s%s %s %s %s\n", locs[i], strings.Repeat(" ", widest-display.Width(locs[i])), sev, f.Rule.ID, f.Message.In(t.opts.Lang))
		switch f.Severity {
		case validate.Error:
			t.errors++
			errs++
		case validate.Warning:
			t.warnings++
		default:
			t.infos++
		}
		t.families[f.Rule.ID[:2]]++
	}
	if errs > 0 {
		t.worst = append(t.worst, worst{r.Path, errs})
	}
	if r.Err != nil {
		t.failed++
		t.w.printf("%s: %s: %s\n", r.Path, msg(t.opts.Lang, "无法处理", "cannot process"), r.Err.Error())
	}
}

// Close writes the summary: totals, and for a batch the findings by rule
// family and the ten reports with most errors.
func (t *TextWriter) Close() error {
	lang := t.opts.Lang
	if lang == "en" {
		t.w.printf("%d files, %d errors, %d warnings, %d notes, %d files could not be processed\n", t.files, t.errors, t.warnings, t.infos, t.failed)
	} else {
		t.w.printf("共 %d 个文件：%d 个错误，%d 个警告，%d 个提示；%d 个文件无法处理\n", t.files, t.errors, t.warnings, t.infos, t.failed)
	}
	if t.files > 1 && len(t.families) > 0 {
		var parts []string
		for _, fam := range []string{"ST", "TB", "NU", "NM", "TX", "CR"} {
			if n := t.families[fam]; n > 0 {
				parts = append(parts, fmt.Sprintf("%s %d", fam, n))
			}
		}
		t.w.printf("%s%s\n", msg(lang, "按规则族：", "by rule family: "), strings.Join(parts, msg(lang, "，", ", ")))
		sort.SliceStable(t.worst, func(i, j int) bool { return t.worst[i].errors > t.worst[j].errors })
		if len(t.worst) > 0 {
			t.w.printf("%s\n", msg(lang, "错误最多的报告：", "reports with most errors:"))
			for _, x := range t.worst[:min(10, len(t.worst))] {
				t.w.printf("  %4d  %s\n", x.errors, x.path)
			}
		}
	}
	return t.w.err
}

func msg(lang, zh, en string) string {
	if lang == "en" {
		return en
	}
	return zh
}

func location(p extract.Position) string {
	return fmt.Sprintf("%s:%d:%d:", p.Path, p.Line, p.Column)
}

func colorize(s validate.Severity, text string) string {
	code := "36"
	switch s {
	case validate.Error:
		code = "31"
	case validate.Warning:
		code = "33"
	}
	return "\x1b[" + code + "m" + text + "\x1b[0m"
}

type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(format string, args ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, args...)
	}
}

// JSONEdit is a text edit with 1-based positions (columns in characters).
type JSONEdit struct {
	Line      int    `json:"line"`
	Column    int    `json:"column"`
	EndLine   int    `json:"end_line"`
	EndColumn int    `json:"end_column"`
	NewText   string `json:"new_text"`
}

// JSONFix is one suggested fix.
type JSONFix struct {
	Message string     `json:"message"`
	Edits   []JSONEdit `json:"edits"`
}

// JSONRelated is a related location.
type JSONRelated struct {
	Message string `json:"message"`
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Key     string `json:"key,omitempty"`
	Path    string `json:"path,omitempty"` // another report's, for a finding across reports
	Page    int    `json:"page,omitempty"`
}

// JSONFinding is the public JSON form of a finding (version 1).
type JSONFinding struct {
	Rule      string `json:"rule"`
	Severity  string `json:"severity"`
	Message   string `json:"message"`
	Line      int    `json:"line"`
	Column    int    `json:"column"`
	EndLine   int    `json:"end_line"`
	EndColumn int    `json:"end_column"`
	Page      int    `json:"page,omitempty"`
	// SourceLine is the line in the source file (HTML pages), where Line
	// counts lines of the extracted text.
	SourceLine int           `json:"source_line,omitempty"`
	Table      int           `json:"table,omitempty"`
	Row        int           `json:"row,omitempty"`
	Col        int           `json:"col,omitempty"`
	Section    string        `json:"section,omitempty"`
	Key        string        `json:"key,omitempty"`
	Label      string        `json:"label,omitempty"` // Key as the printed table names it
	Related    []JSONRelated `json:"related,omitempty"`
	Fixes      []JSONFix     `json:"fixes"`
}

// JSONReport is one file in the JSON output.
type JSONReport struct {
	Path     string        `json:"path"`
	Error    string        `json:"error,omitempty"`
	Source   *Source       `json:"source,omitempty"` // how the file was read; absent when it could not be
	Findings []JSONFinding `json:"findings"`
}

// JSONFindings converts a result's findings to their public form.
func JSONFindings(r Result, lang string) []JSONFinding {
	out := []JSONFinding{}
	if r.Report == nil {
		return out
	}
	doc := r.Report.Doc
	for _, f := range r.Findings {
		el, ec := doc.LineCol(f.Span.End)
		jf := JSONFinding{
			Rule: f.Rule.ID, Severity: f.Severity.String(), Message: f.Message.In(lang),
			Line: f.Pos.Line, Column: f.Pos.Column, EndLine: el, EndColumn: ec,
			Page: f.Pos.Page, SourceLine: f.Pos.SourceLine, Table: f.Pos.Table, Row: f.Pos.Row, Col: f.Pos.Col,
			Section: f.Section, Key: f.Key, Label: f.Label.In(lang), Fixes: []JSONFix{},
		}
		for _, rel := range f.Related {
			l, c := doc.LineCol(rel.Span.Start)
			if rel.Path != "" {
				l, c = rel.Line, rel.Column
			}
			jf.Related = append(jf.Related, JSONRelated{Message: rel.Message.In(lang), Line: l, Column: c, Key: rel.Key, Path: rel.Path, Page: rel.Page})
		}
		for _, fx := range f.Fixes {
			j := JSONFix{Message: fx.Message.In(lang), Edits: []JSONEdit{}}
			for _, e := range fx.Edits {
				l, c := doc.LineCol(e.Span.Start)
				el, ec := doc.LineCol(e.Span.End)
				j.Edits = append(j.Edits, JSONEdit{Line: l, Column: c, EndLine: el, EndColumn: ec, NewText: e.NewText})
			}
			jf.Fixes = append(jf.Fixes, j)
		}
		out = append(out, jf)
	}
	return out
}

// WriteJSON writes {"version":1,"reports":[…]}; see JSONWriter.
func WriteJSON(w io.Writer, results []Result, lang string) error {
	return writeAll(NewJSONWriter(w, lang), results)
}

// JSONWriter streams {"version":1,"reports":[…]} one report at a time,
// byte for byte what encoding the whole list at once with two-space
// indentation gives.
type JSONWriter struct {
	w    *errWriter
	lang string
	n    int
}

// NewJSONWriter starts JSON output on w.
func NewJSONWriter(w io.Writer, lang string) *JSONWriter {
	jw := &JSONWriter{w: &errWriter{w: w}, lang: lang}
	jw.w.printf("{\n  \"version\": %d,\n  \"reports\": [", Version)
	return jw
}

// Add writes one report.
func (j *JSONWriter) Add(r Result) {
	jr := JSONReport{Path: r.Path, Source: SourceOf(r.Report, j.lang), Findings: JSONFindings(r, j.lang)}
	if r.Err != nil {
		jr.Error = r.Err.Error()
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("    ", "  ")
	if err := enc.Encode(jr); err != nil && j.w.err == nil {
		j.w.err = err
		return
	}
	sep := ",\n    "
	if j.n == 0 {
		sep = "\n    "
	}
	j.n++
	j.w.printf("%s%s", sep, bytes.TrimRight(buf.Bytes(), "\n"))
}

// Close ends the document.
func (j *JSONWriter) Close() error {
	if j.n > 0 {
		j.w.printf("\n  ]\n}\n")
	} else {
		j.w.printf("]\n}\n")
	}
	return j.w.err
}
