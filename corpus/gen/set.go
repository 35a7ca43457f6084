package gen

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/nianbao/nianbao/normalize"
)

// SetOptions say what WriteSet writes.
type SetOptions struct {
	Seed    int64
	N       int      // files in all, the formats taking turns
	Formats []string // nil: Formats
	// Errors are the kinds planted, in turn with clean reports: of every
	// len(Errors)+1 files one is clean and each of the others has one
	// error of its kind. nil: every file clean.
	Errors  []ErrorKind
	Workers int // files made at once; 0 means GOMAXPROCS
}

// Truth is one line of truth.jsonl: what one file of a set is and which
// error was planted in it.
type Truth struct {
	File     string      `json:"file"` // name in the set's folder
	Format   string      `json:"format"`
	Template string      `json:"template"`
	Level    string      `json:"level"` // AgencyKind: township … province-gov
	Seed     int64       `json:"seed"`  // Generate's seed of the report
	Error    *TruthError `json:"error"` // null: none planted
}

// TruthError is the error planted in a file and the finding it must
// produce: a finding of one of Rules (a two-letter entry is a family) on
// Key (or a related cell; a row key stands for its cells), in Section.
type TruthError struct {
	Kind    string   `json:"kind"` // ErrorKind.Slug
	Rules   []string `json:"rules"`
	Key     string   `json:"key,omitempty"`
	Section string   `json:"section,omitempty"`
	Detail  string   `json:"detail"`
}

// setLevels are the levels a set's files take in turn, so that even a
// small set has every one.
var setLevels = []AgencyKind{TownshipGov, CountyDept, CountyGov, PrefectureDept, PrefectureGov, ProvinceDept, ProvinceGov}

// WriteSet writes opts.N generated reports into dir and dir/truth.jsonl,
// one line a file in file order. The levels take turns, and for each
// level the templates (a year drawn from each template's years); the
// same options give the same files, byte for byte (but PDF, which
// LibreOffice stamps with the time).
func WriteSet(ctx context.Context, dir string, opts SetOptions) ([]Truth, error) {
	if opts.Formats == nil {
		opts.Formats = Formats
	}
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("gen: %w", err)
	}
	years := templateYears()
	// LibreOffice takes its profile folder as a file:// URL, which must
	// be absolute.
	work, err := filepath.Abs(filepath.Join(dir, ".lo"))
	if err != nil {
		return nil, fmt.Errorf("gen: %w", err)
	}
	lo := workFolders(work, workers)
	defer os.RemoveAll(work)
	truth := make([]Truth, opts.N)
	err = parallel(ctx, workers, opts.N, func(i int) error {
		nf := len(opts.Formats)
		format, n := opts.Formats[i%nf], i/nf
		seed := opts.Seed*1_000_003 + int64(i)
		rnd := rand.New(rand.NewSource(seed ^ 0x5e7))
		span := years[(i/len(setLevels))%len(years)]
		kind := setLevels[i%len(setLevels)]
		r := Generate(seed, Options{Kind: kind, Year: span[0] + rnd.Intn(span[1]-span[0]+1)})
		t := Truth{Format: format, Template: r.Template, Level: kind.String(), Seed: seed}
		if k := len(opts.Errors) + 1; i%k > 0 {
			if e := Inject(r, opts.Errors[i%k-1], rnd); e.Applied {
				t.Error = &TruthError{Kind: e.Kind.Slug(), Rules: e.Rules, Key: e.Key, Section: e.Section, Detail: e.Detail}
			}
		}
		src, ext, err := renderFile(ctx, format, r, cleanDamage(format, seed, n), lo)
		if err != nil {
			return err
		}
		t.File = fmt.Sprintf("%06d_%s%s", i, kind, ext)
		truth[i] = t
		return os.WriteFile(filepath.Join(dir, t.File), src, 0o644)
	})
	if err == nil {
		err = ctx.Err()
	}
	if err != nil {
		return nil, fmt.Errorf("gen: %w", err)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	for _, t := range truth {
		if err := enc.Encode(t); err != nil {
			return nil, err
		}
	}
	err = os.WriteFile(filepath.Join(dir, "truth.jsonl"), buf.Bytes(), 0o644)
	return truth, err
}

// templateYears are the reporting years of each template, first and last,
// oldest template first; the newest runs to lastYear.
func templateYears() [][2]int {
	ps := normalize.Profiles()
	out := make([][2]int, len(ps))
	for i, p := range ps {
		last := lastYear
		if p.LastYear != 0 {
			last = p.LastYear
		}
		if i+1 < len(ps) {
			last = min(last, ps[i+1].FirstYear-1)
		}
		out[i] = [2]int{p.FirstYear, max(last, p.FirstYear)}
	}
	return out
}

// Slug is the kind's name on the command line: "cell-changed",
// "last-years-year".
func (k ErrorKind) Slug() string {
	return strings.ToLower(strings.NewReplacer(" ", "-", "'", "").Replace(k.String()))
}

// ErrorKindNamed returns the kind whose Slug is name.
func ErrorKindNamed(name string) (ErrorKind, bool) {
	for _, k := range ErrorKinds {
		if k.Slug() == name {
			return k, true
		}
	}
	return 0, false
}
