package export

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/internal/display"
	"github.com/nianbao/nianbao/normalize"
	"github.com/nianbao/nianbao/validate"
	"github.com/nianbao/nianbao/validate/review"
)

// Version is the version of the JSON output. Fields are only ever added
// under one version; a change that removes or renames one needs a new
// version.
const Version = 1

// TextOptions tune WriteText.
type TextOptions struct {
	Lang  string // "zh" (default) or "en"
	Color bool   // ANSI colours for severities (callers honour NO_COLOR)
	// ShowIgnored lists the findings a review dismissed, each with its
	// reason, after the others of its file; without it they are only
	// counted in the summary.
	ShowIgnored bool
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
	ignored                 int // findings a review dismissed
}

type worst struct {
	path   string
	errors int
}

// NewTextWriter starts text output on w.
func NewTextWriter(w io.Writer, opts TextOptions) *TextWriter {
	return &TextWriter{w: &errWriter{w: w, escape: true}, opts: opts, families: map[string]int{}}
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
	t.ignored += len(r.Ignored)
	var ignored []string
	if t.opts.ShowIgnored {
		ignored = make([]string, len(r.Ignored))
		for i, f := range r.Ignored {
			ignored[i] = location(f.Pos)
			widest = max(widest, display.Width(ignored[i]))
		}
	}
	line := func(loc string, f validate.Finding, tag string) {
		sev := f.Severity.String()
		if t.opts.Color {
			sev = colorize(f.Severity, sev)
		}
		t.w.printf("%s%s %s %s %s%s\n", loc, strings.Repeat(" ", widest-display.Width(loc)), raw(sev), f.Rule.ID, f.Message.In(t.opts.Lang), tag)
	}
	// Dismissed findings shown go in their place among the others.
	next := 0
	flush := func(before *extract.Position) {
		for ; next < len(ignored); next++ {
			p := r.Ignored[next].Pos
			if before != nil && (p.Line > before.Line || p.Line == before.Line && p.Column > before.Column) {
				return
			}
			tag := ""
			if next < len(r.IgnoredReview) {
				tag = reviewTag(r.IgnoredReview[next].Entry, t.opts.Lang)
			}
			line(ignored[next], r.Ignored[next], tag)
		}
	}
	errs := 0
	for i, f := range r.Findings {
		flush(&f.Pos)
		tag := ""
		if i < len(r.Review) {
			tag = reviewTag(r.Review[i].Entry, t.opts.Lang)
		}
		line(locs[i], f, tag)
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
	flush(nil)
	if errs > 0 {
		t.worst = append(t.worst, worst{r.Path, errs})
	}
	if r.Err != nil {
		t.failed++
		t.w.printf("%s: %s: %s\n", r.Path, msg(t.opts.Lang, "无法处理", "cannot process"), ErrorText(r.Err, t.opts.Lang))
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
	switch {
	case t.ignored > 0 && t.opts.ShowIgnored:
		t.w.printf(msg(lang, "另有 %d 个问题已按审核记录标为非错误，不计入（上面标有“非错误”的各行）\n", "%d more findings were dismissed by a review and are not counted (the lines marked dismissed above)\n"), t.ignored)
	case t.ignored > 0:
		t.w.printf(msg(lang, "另有 %d 个问题已按审核记录标为非错误，不计入（--show-ignored 列出）\n", "%d more findings were dismissed by a review and are not counted (--show-ignored lists them)\n"), t.ignored)
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

// reviewTag is what a text line adds for a review decision:
// " [非错误：理由]", " [已确认]"; nothing without one.
func reviewTag(e *review.Entry, lang string) string {
	if e == nil {
		return ""
	}
	tag := e.Status.Name().In(lang)
	if e.Reason != "" {
		tag += msg(lang, "：", ": ") + oneLine(e.Reason)
	}
	return " [" + tag + "]"
}

// oneLine keeps a reason written over several lines on one.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// RawPath is the bytes of path when JSON cannot carry it (it is not
// UTF-8), else nil.
func RawPath(path string) []byte {
	if utf8.ValidString(path) {
		return nil
	}
	return []byte(path)
}

// ErrorText is err as outputs show it, in lang: a reader that crashed or
// passed its memory share (extract.CrashError) is told in the language
// of the run; other errors are the cause's own text.
func ErrorText(err error, lang string) string {
	var ee *extract.Error
	if ce := (*extract.CrashError)(nil); errors.As(err, &ee) && errors.As(ee.Err, &ce) {
		return "extract: " + ee.Path + ": " + ce.In(lang)
	}
	return err.Error()
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

// raw is text of our own making that printf passes through unescaped:
// the colour codes of a severity.
type raw string

type errWriter struct {
	w   io.Writer
	err error
	// escape makes text safe for a terminal: every string and error
	// argument (paths, messages, quoted text, reasons) goes through
	// display.Escape, so no control byte from a file reaches the screen.
	escape bool
}

func (e *errWriter) printf(format string, args ...any) {
	if e.err != nil {
		return
	}
	if e.escape {
		for i, a := range args {
			switch v := a.(type) {
			case string:
				args[i] = display.Escape(v)
			case error:
				args[i] = display.Escape(v.Error())
			}
		}
	}
	_, e.err = fmt.Fprintf(e.w, format, args...)
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
	// Fingerprint names the finding in a review file: the same across
	// runs and edits elsewhere in the report (see validate/review).
	Fingerprint string `json:"fingerprint,omitempty"`
	// Review is the decision recorded on the finding, when there is one.
	Review *JSONReview `json:"review,omitempty"`
}

// JSONReview is the review decision on a finding.
type JSONReview struct {
	Status string `json:"status"` // confirmed, dismissed or fixed
	Reason string `json:"reason,omitempty"`
	Who    string `json:"who,omitempty"`
	When   string `json:"when,omitempty"` // RFC 3339
}

// JSONReport is one file in the JSON output.
type JSONReport struct {
	Path string `json:"path"`
	// PathBytes holds the file name's bytes (base64) when they are not
	// UTF-8 (a GBK name on a Linux disk): JSON strings cannot carry
	// them, and Path shows U+FFFD in their place.
	PathBytes []byte        `json:"path_bytes,omitempty"`
	Error     string        `json:"error,omitempty"`
	Source    *Source       `json:"source,omitempty"` // how the file was read; absent when it could not be
	Findings  []JSONFinding `json:"findings"`
	// Ignored are the findings a review dismissed, listed only on request
	// (--show-ignored); they are not among Findings.
	Ignored []JSONFinding `json:"ignored,omitempty"`
}

// JSONFindings converts a result's findings to their public form.
func JSONFindings(r Result, lang string) []JSONFinding {
	return jsonFindings(r.Report, r.Findings, Decisions(r), lang)
}

// JSONIgnored converts the findings a review dismissed, with their
// reasons.
func JSONIgnored(r Result, lang string) []JSONFinding {
	return jsonFindings(r.Report, r.Ignored, r.IgnoredReview, lang)
}

func jsonFindings(rep *normalize.Report, fs []validate.Finding, ds []review.Decision, lang string) []JSONFinding {
	out := []JSONFinding{}
	if rep == nil {
		return out
	}
	doc := rep.Doc
	for i, f := range fs {
		el, ec := doc.LineCol(f.Span.End)
		jf := JSONFinding{
			Rule: f.Rule.ID, Severity: f.Severity.String(), Message: f.Message.In(lang),
			Line: f.Pos.Line, Column: f.Pos.Column, EndLine: el, EndColumn: ec,
			Page: f.Pos.Page, SourceLine: f.Pos.SourceLine, Table: f.Pos.Table, Row: f.Pos.Row, Col: f.Pos.Col,
			Section: f.Section, Key: f.Key, Label: f.Label.In(lang), Fixes: []JSONFix{},
		}
		if i < len(ds) {
			jf.Fingerprint = ds[i].Fingerprint
			if e := ds[i].Entry; e != nil {
				jf.Review = &JSONReview{Status: string(e.Status), Reason: e.Reason, Who: e.Who, When: e.When}
			}
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
	opts JSONOptions
	n    int
}

// JSONOptions tune the JSON output.
type JSONOptions struct {
	Lang string // "zh" (default) or "en"
	// ShowIgnored adds to each report the findings a review dismissed
	// ("ignored"), with their review.
	ShowIgnored bool
}

// NewJSONWriter starts JSON output on w with messages in lang.
func NewJSONWriter(w io.Writer, lang string) *JSONWriter {
	return NewJSONWriterWith(w, JSONOptions{Lang: lang})
}

// NewJSONWriterWith starts JSON output on w with opts.
func NewJSONWriterWith(w io.Writer, opts JSONOptions) *JSONWriter {
	lang := opts.Lang
	jw := &JSONWriter{w: &errWriter{w: w}, lang: lang, opts: opts}
	jw.w.printf("{\n  \"version\": %d,\n  \"reports\": [", Version)
	return jw
}

// Add writes one report.
func (j *JSONWriter) Add(r Result) {
	jr := JSONReport{Path: r.Path, PathBytes: RawPath(r.Path), Source: SourceOf(r.Report, j.lang), Findings: JSONFindings(r, j.lang)}
	if j.opts.ShowIgnored && len(r.Ignored) > 0 {
		jr.Ignored = JSONIgnored(r, j.lang)
	}
	if r.Err != nil {
		jr.Error = ErrorText(r.Err, j.lang)
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
