package export

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/width"

	"github.com/nianbao/nianbao/extract"
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
// one per line, the location padded by display width (a Chinese character
// is two columns) so that severities line up, then per-file errors and a
// summary line.
func WriteText(w io.Writer, results []Result, opts TextOptions) error {
	var locs []string
	widest := 0
	for _, r := range results {
		for _, f := range r.Findings {
			loc := location(f.Pos)
			locs = append(locs, loc)
			widest = max(widest, displayWidth(loc))
		}
	}
	ew := &errWriter{w: w}
	i := 0
	var errors, warnings, infos, failed int
	for _, r := range results {
		for _, f := range r.Findings {
			loc := locs[i]
			i++
			sev := f.Severity.String()
			if opts.Color {
				sev = colorize(f.Severity, sev)
			}
			ew.printf("%s%s %s %s %s\n", loc, strings.Repeat(" ", widest-displayWidth(loc)), sev, f.Rule.ID, f.Message.In(opts.Lang))
			switch f.Severity {
			case validate.Error:
				errors++
			case validate.Warning:
				warnings++
			default:
				infos++
			}
		}
	}
	for _, r := range results {
		if r.Err != nil {
			failed++
			ew.printf("%s: %s\n", r.Path, msg(opts.Lang, "无法处理", "cannot process")+": "+r.Err.Error())
		}
	}
	if opts.Lang == "en" {
		ew.printf("%d files, %d errors, %d warnings, %d notes, %d files could not be processed\n", len(results), errors, warnings, infos, failed)
	} else {
		ew.printf("共 %d 个文件：%d 个错误，%d 个警告，%d 个提示；%d 个文件无法处理\n", len(results), errors, warnings, infos, failed)
	}
	return ew.err
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

// displayWidth counts East Asian wide and full-width characters as two
// columns, as terminals show them.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth:
			n += 2
		default:
			n++
		}
	}
	return n
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
}

// JSONFinding is the public JSON form of a finding (version 1).
type JSONFinding struct {
	Rule      string        `json:"rule"`
	Severity  string        `json:"severity"`
	Message   string        `json:"message"`
	Line      int           `json:"line"`
	Column    int           `json:"column"`
	EndLine   int           `json:"end_line"`
	EndColumn int           `json:"end_column"`
	Page      int           `json:"page,omitempty"`
	Table     int           `json:"table,omitempty"`
	Row       int           `json:"row,omitempty"`
	Col       int           `json:"col,omitempty"`
	Section   string        `json:"section,omitempty"`
	Key       string        `json:"key,omitempty"`
	Related   []JSONRelated `json:"related,omitempty"`
	Fixes     []JSONFix     `json:"fixes"`
}

// JSONReport is one file in the JSON output.
type JSONReport struct {
	Path     string        `json:"path"`
	Error    string        `json:"error,omitempty"`
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
			Page: f.Pos.Page, Table: f.Pos.Table, Row: f.Pos.Row, Col: f.Pos.Col,
			Section: f.Section, Key: f.Key, Fixes: []JSONFix{},
		}
		for _, rel := range f.Related {
			l, c := doc.LineCol(rel.Span.Start)
			jf.Related = append(jf.Related, JSONRelated{Message: rel.Message.In(lang), Line: l, Column: c, Key: rel.Key})
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

// WriteJSON writes {"version":1,"reports":[…]}.
func WriteJSON(w io.Writer, results []Result, lang string) error {
	out := struct {
		Version int          `json:"version"`
		Reports []JSONReport `json:"reports"`
	}{Version: Version, Reports: []JSONReport{}}
	for _, r := range results {
		jr := JSONReport{Path: r.Path, Findings: JSONFindings(r, lang)}
		if r.Err != nil {
			jr.Error = r.Err.Error()
		}
		out.Reports = append(out.Reports, jr)
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

var _ = utf8.RuneLen
