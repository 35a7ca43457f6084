package review

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/nianbao/nianbao/internal/atomicfile"
	"github.com/nianbao/nianbao/normalize"
	"github.com/nianbao/nianbao/validate"
)

// Version is the version of the review file. Fields are only ever added
// under one version.
const Version = 1

// Suffix is what a review file kept beside its report adds to the
// report's file name: 2023.pdf → 2023.pdf.review.json.
const Suffix = ".review.json"

// Beside returns the name of the review file kept beside report.
func Beside(report string) string { return report + Suffix }

// Status is a decision on a finding.
type Status string

const (
	Pending   Status = ""          // no decision: the finding stands
	Confirmed Status = "confirmed" // a real problem
	Dismissed Status = "dismissed" // not an error; no longer counted or printed
	Fixed     Status = "fixed"     // corrected in the report
)

// Statuses are the statuses in the order a workbook's dropdown lists
// them.
var Statuses = []Status{Pending, Confirmed, Dismissed, Fixed}

var statusNames = map[Status]validate.Msg{
	Pending:   {Zh: "待处理", En: "pending"},
	Confirmed: {Zh: "已确认", En: "confirmed"},
	Dismissed: {Zh: "非错误", En: "dismissed"},
	Fixed:     {Zh: "已修正", En: "fixed"},
}

// Name returns the status as people read it: 待处理, 已确认, 非错误 or 已修正
// in Chinese, the status itself (or "pending") in English.
func (s Status) Name() validate.Msg { return statusNames[s] }

// ParseStatus reads a status as the review file writes it ("dismissed"),
// by its Chinese or English name (非错误), or empty for Pending; spaces
// around it and the case of English words do not matter.
func ParseStatus(s string) (Status, error) {
	s = strings.TrimSpace(s)
	for _, st := range Statuses {
		n := st.Name()
		if s == n.Zh || strings.EqualFold(s, n.En) || strings.EqualFold(s, string(st)) {
			return st, nil
		}
	}
	return "", fmt.Errorf("unknown status %q (want confirmed, dismissed, fixed or pending; 已确认、非错误、已修正 or 待处理)", s)
}

// Entry is one decision.
type Entry struct {
	Fingerprint string `json:"fingerprint"`
	Rule        string `json:"rule"`
	// Report limits the entry to the report of this file name (a base
	// name); empty, the entry applies to every report the file is used
	// for.
	Report string `json:"report,omitempty"`
	Status Status `json:"status"`
	Reason string `json:"reason,omitempty"`
	Who    string `json:"who,omitempty"`
	When   string `json:"when,omitempty"` // RFC 3339, UTC
	Hint   Hint   `json:"hint"`
}

// Hint tells people which finding an entry is about. It is never used to
// match.
type Hint struct {
	Message string `json:"message,omitempty"`
	Text    string `json:"text,omitempty"` // the folded text the finding points at
	Section string `json:"section,omitempty"`
	Key     string `json:"key,omitempty"`
	Label   string `json:"label,omitempty"` // Key as the printed table names it
	Line    int    `json:"line,omitempty"`  // where the finding was when decided, 1-based
}

// HintOf describes finding f of rep for an entry.
func HintOf(rep *normalize.Report, f validate.Finding) Hint {
	return Hint{Message: f.Message.Zh, Text: Text(rep, f), Section: f.Section, Key: f.Key, Label: f.Label.Zh, Line: f.Pos.Line}
}

// File is a review file: the decisions on the findings of one report or
// of a batch. Its zero value is an empty file, ready to use.
type File struct {
	Version int     `json:"version"`
	Entries []Entry `json:"entries"`
	// Beside says the file is kept beside one report: Report of its
	// entries is then not written nor used to match.
	Beside bool `json:"-"`
}

// Load reads a review file. A file that does not exist is an empty one,
// with no decisions yet.
func Load(path string) (*File, error) {
	src, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return &File{Version: Version}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("review: %w", err)
	}
	f, err := Read(bytes.NewReader(src))
	if err != nil {
		return nil, fmt.Errorf("review: %s: %w", path, err)
	}
	return f, nil
}

// LoadBeside reads the review file kept beside report (see Beside), an
// empty one when there is none.
func LoadBeside(report string) (*File, error) {
	f, err := Load(Beside(report))
	if err != nil {
		return nil, err
	}
	f.Beside = true
	return f, nil
}

// Read reads a review file from r. Unknown fields are refused: a review
// file is written by hand as well, and a misspelt field must not pass
// silently.
func Read(r io.Reader) (*File, error) {
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	var f File
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("read: %w", err)
	}
	if f.Version != Version {
		return nil, fmt.Errorf("version %d not supported (want %d)", f.Version, Version)
	}
	for i, e := range f.Entries {
		if e.Fingerprint == "" {
			return nil, fmt.Errorf("entry %d: no fingerprint", i+1)
		}
		st, err := ParseStatus(string(e.Status))
		if err != nil || st == Pending {
			return nil, fmt.Errorf("entry %d (%s): status %q: want confirmed, dismissed or fixed", i+1, e.Fingerprint, e.Status)
		}
		f.Entries[i].Status = st
		if st == Dismissed && strings.TrimSpace(e.Reason) == "" {
			return nil, fmt.Errorf("entry %d (%s): dismissed without a reason", i+1, e.Fingerprint)
		}
		if e.Rule == "" {
			f.Entries[i].Rule, _, _ = strings.Cut(e.Fingerprint, ":")
		}
	}
	return &f, nil
}

// Marshal returns the file as it is saved: entries sorted by report and
// fingerprint, two-space indentation, a final newline.
func (f *File) Marshal() ([]byte, error) {
	out := File{Version: Version, Entries: append([]Entry{}, f.Entries...)}
	for i := range out.Entries {
		if f.Beside {
			out.Entries[i].Report = ""
		}
	}
	sort.SliceStable(out.Entries, func(i, j int) bool {
		a, b := out.Entries[i], out.Entries[j]
		if a.Report != b.Report {
			return a.Report < b.Report
		}
		return a.Fingerprint < b.Fingerprint
	})
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Save writes the file to path atomically.
func (f *File) Save(path string) error {
	b, err := f.Marshal()
	if err != nil {
		return fmt.Errorf("review: %s: %w", path, err)
	}
	out, err := atomicfile.Create(path)
	if err != nil {
		return fmt.Errorf("review: %w", err)
	}
	if _, err := out.Write(b); err != nil {
		out.Abort()
		return fmt.Errorf("review: %s: %w", path, err)
	}
	if err := out.Commit(); err != nil {
		return fmt.Errorf("review: %w", err)
	}
	return nil
}

// applies says whether entry e applies to the report named report.
func (f *File) applies(e *Entry, report string) bool {
	return f.Beside || e.Report == "" || e.Report == baseName(report)
}

// baseName is the file name of a report as an entry's Report gives it.
func baseName(report string) string {
	return filepath.Base(filepath.FromSlash(report))
}

// Lookup returns the entry on the finding with fingerprint fp in the
// report named report (a path or file name), or nil. An entry for that
// report wins over one for every report.
func (f *File) Lookup(report, fp string) *Entry {
	var any *Entry
	for i := range f.Entries {
		e := &f.Entries[i]
		if e.Fingerprint != fp || !f.applies(e, report) {
			continue
		}
		if e.Report != "" {
			return e
		}
		any = e
	}
	return any
}

// Set records e, replacing the entry with the same fingerprint and
// report, and says whether anything changed. A Pending status removes
// the entry instead. When the status and reason are those already
// recorded, the entry (its who and when) is left as it was, so that
// importing the same decisions twice writes the same file.
func (f *File) Set(e Entry) (changed bool) {
	if f.Beside {
		e.Report = ""
	} else {
		e.Report = baseName(e.Report)
		if e.Report == "." {
			e.Report = ""
		}
	}
	for i := range f.Entries {
		old := &f.Entries[i]
		if old.Fingerprint != e.Fingerprint || (!f.Beside && old.Report != e.Report) {
			continue
		}
		if e.Status == Pending {
			f.Entries = append(f.Entries[:i], f.Entries[i+1:]...)
			return true
		}
		if old.Status == e.Status && old.Reason == e.Reason {
			return false
		}
		*old = e
		return true
	}
	if e.Status == Pending {
		return false
	}
	f.Entries = append(f.Entries, e)
	return true
}

// Decision is what the review says about one finding: its fingerprint
// and the entry recorded on it, if any.
type Decision struct {
	Fingerprint string
	Entry       *Entry // nil when undecided
}

// Status returns the decision's status, Pending without an entry.
func (d Decision) Status() Status {
	if d.Entry == nil {
		return Pending
	}
	return d.Entry.Status
}

// Reason returns the entry's reason, if any.
func (d Decision) Reason() string {
	if d.Entry == nil {
		return ""
	}
	return d.Entry.Reason
}

// Apply returns the decision on each finding of the report named report
// (its path or file name), in order. f may be nil: every finding is then
// undecided. See Fingerprints for what findings must be.
func (f *File) Apply(report string, rep *normalize.Report, findings []validate.Finding) []Decision {
	out := make([]Decision, len(findings))
	for i, fp := range Fingerprints(rep, findings) {
		out[i].Fingerprint = fp
		if f != nil {
			out[i].Entry = f.Lookup(report, fp)
		}
	}
	return out
}
