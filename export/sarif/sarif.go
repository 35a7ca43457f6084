package sarif

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"unicode"

	"github.com/nianbao/nianbao/export"
	"github.com/nianbao/nianbao/internal/atomicfile"
	"github.com/nianbao/nianbao/validate"
)

// Version and Schema identify the SARIF version written.
const (
	Version = "2.1.0"
	Schema  = "https://json.schemastore.org/sarif-2.1.0.json"
)

// Options tune the log.
type Options struct {
	Lang        string           // message language: "zh" (default) or "en"
	Rules       []*validate.Rule // rules listed even when not reported; nil means validate.All
	ToolVersion string           // the program's version, if known
}

// Message is a SARIF message.
type Message struct {
	Text string `json:"text"`
}

// Region is a SARIF region: 1-based lines and columns, EndColumn just past
// the last character.
type Region struct {
	StartLine   int `json:"startLine,omitempty"`
	StartColumn int `json:"startColumn,omitempty"`
	EndLine     int `json:"endLine,omitempty"`
	EndColumn   int `json:"endColumn,omitempty"`
}

// ArtifactLocation names a file by URI.
type ArtifactLocation struct {
	URI string `json:"uri"`
}

// PhysicalLocation is a place in a file.
type PhysicalLocation struct {
	ArtifactLocation ArtifactLocation `json:"artifactLocation"`
	Region           *Region          `json:"region,omitempty"`
}

// Location is a result's location, or a related one with its message.
type Location struct {
	ID               int              `json:"id,omitempty"`
	PhysicalLocation PhysicalLocation `json:"physicalLocation"`
	Message          *Message         `json:"message,omitempty"`
}

// ArtifactContent is inserted text.
type ArtifactContent struct {
	Text string `json:"text"`
}

// Replacement replaces a region with text.
type Replacement struct {
	DeletedRegion   Region           `json:"deletedRegion"`
	InsertedContent *ArtifactContent `json:"insertedContent,omitempty"`
}

// ArtifactChange is the replacements of a fix in one file.
type ArtifactChange struct {
	ArtifactLocation ArtifactLocation `json:"artifactLocation"`
	Replacements     []Replacement    `json:"replacements"`
}

// Fix is one suggested fix.
type Fix struct {
	Description     Message          `json:"description"`
	ArtifactChanges []ArtifactChange `json:"artifactChanges"`
}

// Result is one finding.
type Result struct {
	RuleID           string     `json:"ruleId"`
	Level            string     `json:"level"`
	Message          Message    `json:"message"`
	Locations        []Location `json:"locations"`
	RelatedLocations []Location `json:"relatedLocations,omitempty"`
	Fixes            []Fix      `json:"fixes,omitempty"`
	// PartialFingerprints holds the finding's review fingerprint under
	// "nianbao/v1" (see validate/review), the same across runs.
	PartialFingerprints map[string]string `json:"partialFingerprints,omitempty"`
	// Suppressions says a review dismissed the finding.
	Suppressions []Suppression     `json:"suppressions,omitempty"`
	Properties   map[string]string `json:"properties,omitempty"` // section, cell key, review status
}

// FingerprintKey names nianbao's fingerprint in partialFingerprints.
const FingerprintKey = "nianbao/v1"

// Suppression records that a finding was dismissed outside the report
// (kind "external": in a review file), with the reason as justification.
type Suppression struct {
	Kind          string `json:"kind"`
	Status        string `json:"status,omitempty"`
	Justification string `json:"justification,omitempty"`
}

// Configuration is a rule's default configuration.
type Configuration struct {
	Level string `json:"level"`
}

// Rule is a SARIF reportingDescriptor.
type Rule struct {
	ID                   string        `json:"id"`
	Name                 string        `json:"name"`
	ShortDescription     Message       `json:"shortDescription"`
	FullDescription      Message       `json:"fullDescription"`
	DefaultConfiguration Configuration `json:"defaultConfiguration"`
}

// Driver is the tool component that made the results.
type Driver struct {
	Name    string `json:"name"`
	Version string `json:"version,omitempty"`
	Rules   []Rule `json:"rules"`
}

// Tool wraps the driver.
type Tool struct {
	Driver Driver `json:"driver"`
}

// Notification reports a file that could not be processed.
type Notification struct {
	Level     string     `json:"level"`
	Message   Message    `json:"message"`
	Locations []Location `json:"locations,omitempty"`
}

// Invocation is the run of the tool over the batch.
type Invocation struct {
	ExecutionSuccessful        bool           `json:"executionSuccessful"`
	ToolExecutionNotifications []Notification `json:"toolExecutionNotifications,omitempty"`
}

// Level returns the SARIF level of a severity.
func Level(s validate.Severity) string {
	if s == validate.Info {
		return "note" // SARIF's name for it
	}
	return s.String()
}

// RuleOf describes a rule in lang.
func RuleOf(r *validate.Rule, lang string) Rule {
	return Rule{
		ID: r.ID, Name: pascal(r.Title.En, r.ID),
		ShortDescription:     Message{r.Title.In(lang)},
		FullDescription:      Message{r.Doc.In(lang)},
		DefaultConfiguration: Configuration{Level(r.Severity)},
	}
}

// pascal makes the identifier-like name SARIF asks for from an English
// title: "negative value" → "NegativeValue".
func pascal(title, fallback string) string {
	var b strings.Builder
	up := true
	for _, r := range title {
		if r > unicode.MaxASCII || !(unicode.IsLetter(r) || unicode.IsDigit(r)) {
			up = true
			continue
		}
		if up {
			r = unicode.ToUpper(r)
			up = false
		}
		b.WriteRune(r)
	}
	if b.Len() == 0 {
		return fallback
	}
	return b.String()
}

// URI turns a path as given on the command line into a URI reference:
// relative paths stay relative, absolute ones become file URIs, and
// non-ASCII characters are percent-encoded.
func URI(path string) string {
	s := filepath.ToSlash(path)
	if filepath.IsAbs(path) {
		if !strings.HasPrefix(s, "/") {
			s = "/" + s // C:/x → /C:/x
		}
		return (&url.URL{Scheme: "file", Path: s}).String()
	}
	return (&url.URL{Path: s}).String()
}

// ResultsOf converts the findings of one result: those that count, then
// those a review dismissed, which carry a suppression.
func ResultsOf(r export.Result, lang string) []Result {
	out := resultsOf(r, r.Findings, export.JSONFindings(r, lang))
	ignored := resultsOf(r, r.Ignored, export.JSONIgnored(r, lang))
	for i := range ignored {
		ignored[i].Suppressions = []Suppression{{Kind: "external", Status: "accepted", Justification: r.IgnoredReview[i].Reason()}}
	}
	return append(out, ignored...)
}

func resultsOf(r export.Result, fs []validate.Finding, jfs []export.JSONFinding) []Result {
	loc := ArtifactLocation{URI: URI(r.Path)}
	var out []Result
	for i, jf := range jfs {
		f := fs[i]
		res := Result{
			RuleID: jf.Rule, Level: Level(f.Severity), Message: Message{jf.Message},
			Locations: []Location{{PhysicalLocation: PhysicalLocation{
				ArtifactLocation: loc,
				Region:           &Region{jf.Line, jf.Column, jf.EndLine, jf.EndColumn},
			}}},
		}
		if jf.Fingerprint != "" {
			res.PartialFingerprints = map[string]string{FingerprintKey: jf.Fingerprint}
		}
		for j, rel := range jf.Related {
			at := loc
			if rel.Path != "" {
				at = ArtifactLocation{URI: URI(rel.Path)}
			}
			res.RelatedLocations = append(res.RelatedLocations, Location{
				ID:               j + 1,
				PhysicalLocation: PhysicalLocation{ArtifactLocation: at, Region: &Region{StartLine: rel.Line, StartColumn: rel.Column}},
				Message:          &Message{rel.Message},
			})
		}
		for _, fx := range jf.Fixes {
			ch := ArtifactChange{ArtifactLocation: loc, Replacements: []Replacement{}}
			for _, e := range fx.Edits {
				ch.Replacements = append(ch.Replacements, Replacement{
					DeletedRegion:   Region{e.Line, e.Column, e.EndLine, e.EndColumn},
					InsertedContent: &ArtifactContent{e.NewText},
				})
			}
			res.Fixes = append(res.Fixes, Fix{Description: Message{fx.Message}, ArtifactChanges: []ArtifactChange{ch}})
		}
		if jf.Section != "" || jf.Key != "" || jf.Page != 0 || jf.Review != nil {
			res.Properties = map[string]string{}
			if jf.Review != nil && jf.Review.Status != "dismissed" {
				res.Properties["review"] = jf.Review.Status
			}
			if jf.Section != "" {
				res.Properties["section"] = jf.Section
			}
			if jf.Key != "" {
				res.Properties["key"] = jf.Key
			}
			if jf.Page != 0 {
				res.Properties["page"] = fmt.Sprint(jf.Page)
			}
		}
		out = append(out, res)
	}
	return out
}

// Writer writes the log a result at a time.
type Writer struct {
	opts      Options
	buf       *atomicfile.Buffered
	results   int
	rules     map[string]*validate.Rule
	failures  []Notification
	artifacts []Artifact
	err       error
}

// Artifact describes one file read: SARIF's place for its size and hash,
// with how nianbao read it (format, pages, OCR, template) as properties.
type Artifact struct {
	Location   ArtifactLocation  `json:"location"`
	Length     int64             `json:"length"`
	Encoding   string            `json:"encoding,omitempty"`
	Hashes     map[string]string `json:"hashes,omitempty"`
	Properties *export.Source    `json:"properties,omitempty"`
}

// ArtifactOf describes the file of one result; ok is false when the file
// could not be read far enough to know.
func ArtifactOf(r export.Result, lang string) (Artifact, bool) {
	src := export.SourceOf(r.Report, lang)
	if src == nil {
		return Artifact{}, false
	}
	a := Artifact{Location: ArtifactLocation{URI: URI(r.Path)}, Length: src.Bytes, Encoding: src.Encoding, Properties: src}
	if src.SHA256 != "" {
		a.Hashes = map[string]string{"sha-256": src.SHA256}
	}
	return a, true
}

// NewWriter writes the log to w; Close flushes but does not close w.
func NewWriter(w io.Writer, opts Options) *Writer {
	return newWriter(atomicfile.NewBuffered(w, "sarif"), opts)
}

// Create writes the log to path, which is replaced atomically on Close.
func Create(path string, opts Options) (*Writer, error) {
	return atomicfile.CreateWith(path, "sarif", func(b *atomicfile.Buffered) *Writer { return newWriter(b, opts) })
}

func newWriter(buf *atomicfile.Buffered, opts Options) *Writer {
	sw := &Writer{opts: opts, buf: buf, rules: map[string]*validate.Rule{}}
	rules := opts.Rules
	if rules == nil {
		rules = validate.All
	}
	for _, r := range rules {
		sw.rules[r.ID] = r
	}
	fmt.Fprintf(sw.buf, `{"version":%q,"$schema":%q,"runs":[{"columnKind":"unicodeCodePoints","results":[`, Version, Schema)
	return sw
}

// Add writes the results of one file, or records why it failed.
func (w *Writer) Add(r export.Result) error {
	if w.err != nil {
		return w.err
	}
	if r.Err != nil {
		w.failures = append(w.failures, Notification{
			Level: "error", Message: Message{r.Err.Error()},
			Locations: []Location{{PhysicalLocation: PhysicalLocation{ArtifactLocation: ArtifactLocation{URI: URI(r.Path)}}}},
		})
	}
	if a, ok := ArtifactOf(r, w.opts.Lang); ok {
		w.artifacts = append(w.artifacts, a)
	}
	for _, f := range append(r.Findings[:len(r.Findings):len(r.Findings)], r.Ignored...) {
		w.rules[f.Rule.ID] = f.Rule
	}
	for _, res := range ResultsOf(r, w.opts.Lang) {
		if w.results > 0 {
			w.buf.WriteByte(',')
		}
		w.buf.WriteByte('\n')
		w.results++
		if err := w.encode(res); err != nil {
			return err
		}
	}
	return w.err
}

// encode writes v without a trailing newline and without escaping <, >
// and &, which messages quote.
func (w *Writer) encode(v any) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	err := enc.Encode(v)
	if err == nil {
		_, err = w.buf.Write(bytes.TrimSuffix(b.Bytes(), []byte("\n")))
	}
	if err != nil && w.err == nil {
		w.err = fmt.Errorf("sarif: %w", err)
	}
	return w.err
}

// Close writes the rules and the invocation and, for Create, puts the
// file in place. After an error the destination is left as it was.
func (w *Writer) Close() error {
	ids := slices.Sorted(maps.Keys(w.rules))
	tool := Tool{Driver{Name: "nianbao", Version: w.opts.ToolVersion, Rules: make([]Rule, 0, len(ids))}}
	for _, id := range ids {
		tool.Driver.Rules = append(tool.Driver.Rules, RuleOf(w.rules[id], w.opts.Lang))
	}
	inv := []Invocation{{ExecutionSuccessful: len(w.failures) == 0, ToolExecutionNotifications: w.failures}}
	w.buf.WriteString("\n],\"tool\":")
	w.encode(tool)
	w.buf.WriteString(",\"invocations\":")
	w.encode(inv)
	if len(w.artifacts) > 0 {
		w.buf.WriteString(",\"artifacts\":")
		w.encode(w.artifacts)
	}
	w.buf.WriteString("}]}\n")
	return w.buf.Finish(w.err)
}

// Abort drops an unfinished file; after Close it does nothing.
func (w *Writer) Abort() { w.buf.Abort() }
