package validate

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/normalize"
)

// Severity ranks findings. The zero value means "the rule's default"
// in a Finding handed to Pass.Report.
type Severity int

const (
	Info Severity = iota + 1
	Warning
	Error
)

// severityNames are the one place severities are named: English on the
// command line (--fail-on), in text and JSON output; Chinese in the Excel
// workbook and the README's rule table.
var severityNames = map[Severity]Msg{
	Info:    {"提示", "info"},
	Warning: {"警告", "warning"},
	Error:   {"错误", "error"},
}

// Name returns the severity's name in Chinese and English ("错误" and
// "error"). A severity out of range, such as the zero value, is named as
// Info.
func (s Severity) Name() Msg {
	if n, ok := severityNames[s]; ok {
		return n
	}
	return severityNames[Info]
}

// String returns the English name: "error", "warning" or "info".
func (s Severity) String() string { return s.Name().En }

// MarshalText writes severities as their names in JSON.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// ParseSeverity reads "error", "warning" or "info".
func ParseSeverity(s string) (Severity, error) {
	for _, sev := range []Severity{Error, Warning, Info} {
		if s == sev.String() {
			return sev, nil
		}
	}
	return 0, fmt.Errorf("unknown severity %q (want %s, %s or %s)", s, Error, Warning, Info)
}

// Msg is a message for people in Chinese (the default) and English.
type Msg struct {
	Zh string
	En string
}

// In returns the message in lang ("en" for English, anything else Chinese).
func (m Msg) In(lang string) string {
	if lang == "en" && m.En != "" {
		return m.En
	}
	return m.Zh
}

// Doc documents a rule. It is the one source of the rule's explanation
// (nianbao explain), its SARIF help and any other place a rule is
// described; each part is given in Chinese and English.
type Doc struct {
	Text   Msg // why it matters and what is checked
	Before Msg // a real wrong example as it appears in a report
	After  Msg // the same example corrected, or the fix when no literal correction fits
}

// In renders the whole doc in lang ("en" for English, anything else
// Chinese): Text, then Before and After on lines of their own, headed
// "例：" and "修正：" in Chinese, "Before:" and "After:" in English.
func (d Doc) In(lang string) string {
	before, after := "例：", "修正："
	if lang == "en" {
		before, after = "Before: ", "After: "
	}
	parts := []string{d.Text.In(lang)}
	if b := d.Before.In(lang); b != "" {
		parts = append(parts, before+b)
	}
	if a := d.After.In(lang); a != "" {
		parts = append(parts, after+a)
	}
	return strings.Join(parts, "\n")
}

// Rule is one check. Rules are values listed in All; see STYLE.md. The
// Title and Doc of the rules in All come from rules.toml.
type Rule struct {
	ID       string // family + number, e.g. "TB101"; never reused
	Title    Msg
	Severity Severity // default severity of its findings
	Doc      Doc      // why it matters, with a real before and after
	Run      func(*Pass) error
}

// Edit replaces the canonical text under Span with NewText.
type Edit struct {
	Span    extract.Span
	NewText string
}

// Fix is one way to repair a finding: a verb phrase and its edits.
type Fix struct {
	Message Msg
	Edits   []Edit
	// Safe marks a fix certain enough to make without a person choosing
	// (nianbao fix makes only these): the correct text follows from a
	// table of facts (a place name), or an identity leaves exactly one
	// cell that can be wrong. A guess between values (which year is
	// meant, whether the text or the table is right) is never safe, nor is
	// rewording what the agency printed (a table label, ST107).
	Safe bool
}

// Related points at another place that takes part in a finding (the
// other cells of an identity).
type Related struct {
	Span    extract.Span
	Message Msg
	Key     string // canonical cell key, when a cell
	// Path is set when the place is in another report (a cross-report
	// finding); Span is then unused and Line, Column and Page say where.
	Path               string
	Line, Column, Page int
}

// Finding is one problem in one report.
type Finding struct {
	Rule     *Rule
	Severity Severity
	Span     extract.Span
	Pos      extract.Position // resolved from Span by Check
	Section  string           // section key, when the finding concerns one
	Key      string           // canonical cell key, when it concerns a cell
	Label    Msg              // how the printed table names Key (表三“予以公开”行“总计”列)
	Message  Msg
	Related  []Related
	Fixes    []Fix
}

// Pass is what a rule's Run receives: the report and a way to report.
type Pass struct {
	Rule     *Rule
	Rep      *normalize.Report
	Doc      *extract.Document
	findings []Finding
	memo     map[string]any // shared by the passes of one Check
	regions  []string       // the regions option: what the run covers
}

// Memo returns the value stored under key for this report, computing it
// with fn the first time: rules that need the same costly analysis (the
// name variants of a text) do it once.
func (p *Pass) Memo(key string, fn func() any) any {
	if v, ok := p.memo[key]; ok {
		return v
	}
	v := fn()
	p.memo[key] = v
	return v
}

// Report records a finding; its Rule and (if unset) Severity come from
// the pass. Rules build it with At, AtText or AtCell rather than by hand.
func (p *Pass) Report(f Finding) {
	f.Rule = p.Rule
	if f.Severity == 0 {
		f.Severity = p.Rule.Severity
	}
	if f.Key != "" && f.Label == (Msg{}) {
		f.Label = p.label(f.Key)
	}
	p.findings = append(p.findings, f)
}

// Reportf reports a finding at span with a message made from the Chinese
// and English formats and the same args, in the way of go/analysis's
// Reportf; the section is the one holding span.
func (p *Pass) Reportf(span extract.Span, zh, en string, args ...any) {
	p.AtText(span).Reportf(zh, en, args...)
}

// A Draft is a finding a rule is putting together: At, AtText or AtCell
// place it, the other methods add what else it concerns, and Report or
// Reportf record it with its message.
type Draft struct {
	p *Pass
	f Finding
}

// At starts a finding at span about section (a section key, or "" when
// the finding concerns no section in particular).
func (p *Pass) At(span extract.Span, section string) *Draft {
	return &Draft{p: p, f: Finding{Span: span, Section: section}}
}

// AtText starts a finding at span in the section whose body holds it.
func (p *Pass) AtText(span extract.Span) *Draft {
	return p.At(span, sectionAt(p.Rep, span.Start))
}

// AtCell starts a finding on a table cell, in the section that holds its
// table by the template.
func (p *Pass) AtCell(c *normalize.Cell) *Draft {
	return p.At(c.Span, sectionOf(p.Rep, c.Table)).Key(c.Key)
}

// Key says which canonical cell or row (table.row[.col]) the finding
// concerns; Report names it as the printed table does.
func (d *Draft) Key(key string) *Draft {
	d.f.Key = key
	return d
}

// Severity overrides the rule's severity for this finding; 0 keeps it.
func (d *Draft) Severity(s Severity) *Draft {
	d.f.Severity = s
	return d
}

// Related adds places that take part in the finding.
func (d *Draft) Related(r ...Related) *Draft {
	d.f.Related = append(d.f.Related, r...)
	return d
}

// Fix adds ways to repair the finding.
func (d *Draft) Fix(fixes ...Fix) *Draft {
	d.f.Fixes = append(d.f.Fixes, fixes...)
	return d
}

// Report records the finding with msg.
func (d *Draft) Report(msg Msg) {
	d.f.Message = msg
	d.p.Report(d.f)
}

// Reportf records the finding with a message made by Msgf.
func (d *Draft) Reportf(zh, en string, args ...any) {
	d.Report(Msgf(zh, en, args...))
}

// Msgf makes a message from a Chinese and an English format and the same
// args, as fmt.Sprintf does; an arg that is itself a Msg (a cell's label)
// is given in each format's own language.
func Msgf(zh, en string, args ...any) Msg {
	return Msg{sprintfIn(zh, args, func(m Msg) string { return m.Zh }), sprintfIn(en, args, func(m Msg) string { return m.En })}
}

func sprintfIn(format string, args []any, lang func(Msg) string) string {
	local := make([]any, len(args))
	for i, a := range args {
		if m, ok := a.(Msg); ok {
			a = lang(m)
		}
		local[i] = a
	}
	return fmt.Sprintf(format, local...)
}

// replace is the fix msg that writes text in place of span.
func replace(msg Msg, span extract.Span, text string) Fix {
	return Fix{Message: msg, Edits: []Edit{{Span: span, NewText: text}}}
}

// changeTo is the fix that writes text in place of span, offered as
// 改为“text”.
func changeTo(span extract.Span, text string) Fix {
	return replace(Msgf("改为“%s”", "change to %s", text), span, text)
}

// relatedCells lists cells as places taking part in a finding, each
// described by the formats zh and en around its label (one %s).
func (p *Pass) relatedCells(keys []string, zh, en string) []Related {
	var out []Related
	for _, k := range keys {
		out = append(out, Related{Span: p.Rep.Cell(k).Span, Key: k, Message: Msgf(zh, en, p.label(k))})
	}
	return out
}

// label names a canonical key (table, row or cell) as the printed table
// does, for messages.
func (p *Pass) label(key string) Msg {
	l := p.Rep.CellLabel(key)
	return Msg{l.Zh, l.En}
}

// Options select what Check runs.
type Options struct {
	// Rules to run; nil means All.
	Rules []*Rule
	// Severity overrides the severity of every finding of a rule, by ID.
	Severity map[string]Severity
	// Accept lists, by rule ID, the flagged texts to accept as written
	// (see the Accept option).
	Accept map[string][]string
	// Regions lists, by rule ID, the regions the run covers (see the
	// Regions option).
	Regions map[string][]string
}

// Check runs the rules on a report and returns its findings sorted by
// position, then rule, then key, so that output is the same byte for
// byte on every run. A rule that breaks returns an error naming it; the
// findings of the other rules are still returned.
func Check(rep *normalize.Report, opts Options) ([]Finding, error) {
	rules := opts.Rules
	if rules == nil {
		rules = All
	}
	var all []Finding
	var errs []string
	memo := map[string]any{}
	var lastUse [len(shortLived)]int // by shortLived: the index in rules of the last rule to read it
	for i, r := range rules {
		for k, m := range shortLived {
			if slices.Contains(m.rules, r) {
				lastUse[k] = i
			}
		}
	}
	for i, r := range rules {
		p := &Pass{Rule: r, Rep: rep, Doc: rep.Doc, memo: memo, regions: opts.Regions[r.ID]}
		if err := runSafe(r, p); err != nil {
			errs = append(errs, fmt.Sprintf("%s: %v", r.ID, err))
		}
		all = append(all, applySettings(r, p.findings, opts, func(f Finding) string { return rep.Doc.Slice(f.Span) })...)
		for k, m := range shortLived {
			if lastUse[k] == i {
				if v, ok := memo[m.key].(interface{ Release() }); ok {
					v.Release() // its buffers serve the next report's
				}
				delete(memo, m.key)
			}
		}
	}
	if len(all) > manyFindings {
		resolve(rep.Doc, all)
	} else {
		for i := range all {
			all[i].Pos = rep.Doc.Position(all[i].Span.Start)
		}
	}
	Sort(all)
	if len(errs) > 0 {
		return all, fmt.Errorf("validate: %s: rules failed: %s", rep.Doc.Path, strings.Join(errs, "; "))
	}
	return all, nil
}

// shortLived lists the memos that only a few rules read and that are
// large: the names index of the whole text (nameText) is 8 bytes a
// character. Check drops each once the last of its rules in the run has
// run, rather than keep it beside what the later rules build (the
// wording view of the TX rules is as large); a rule that asked for it
// after that would have it made again. A memo with a Release method
// (names.Text) is released when dropped.
var shortLived = [...]struct {
	key   string
	rules []*Rule
}{
	{"nm.text", []*Rule{PlaceNameTypo, QuotedNameTypo}},
}

func runSafe(r *Rule, p *Pass) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("panic: %v", v)
		}
	}()
	return r.Run(p)
}

// Sort orders findings by position, rule, key and message.
func Sort(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.Pos.Path != b.Pos.Path {
			return a.Pos.Path < b.Pos.Path
		}
		if a.Pos.Line != b.Pos.Line {
			return a.Pos.Line < b.Pos.Line
		}
		if a.Pos.Column != b.Pos.Column {
			return a.Pos.Column < b.Pos.Column
		}
		if a.Rule.ID != b.Rule.ID {
			return a.Rule.ID < b.Rule.ID
		}
		if sa, sb := sectionIndex(a.Section), sectionIndex(b.Section); sa != sb {
			return sa < sb
		}
		if a.Key != b.Key {
			return a.Key < b.Key
		}
		return a.Message.Zh < b.Message.Zh
	})
}

// sectionIndex orders section keys as the template does.
func sectionIndex(key string) int {
	for i, s := range normalize.Sections() {
		if s.Key == key {
			return i
		}
	}
	return -1
}

// Lookup returns the rule with id, or nil.
func Lookup(id string) *Rule {
	for _, r := range Rules() {
		if r.ID == id {
			return r
		}
	}
	return nil
}
