package gen

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/nianbao/nianbao/corpus"
	"github.com/nianbao/nianbao/validate/cross"
)

// CrossStats are the measurements of the cross-report rules: false
// findings on a batch of consistent series and roll-up groups, and recall
// per error kind, each case checked as a batch of its own.
type CrossStats struct {
	Series, Groups int // consistent series and groups in the consistent batch
	Reports        int // reports in it
	// False counts the findings on the consistent batch, at any
	// severity: every one is false.
	False       int
	FalseByRule map[string]int
	// Per error kind: cases, those where the error found a place, those
	// where every wanted finding came out, and the findings on the
	// case's batch the error does not account for.
	Cases, Applied, Found, Unexplained map[CrossKind]int
	UnexplainedByRule                  map[CrossKind]map[string]int
	Files                              int           // distinct files written and read
	Errors                             int           // files the pipeline could not read
	Read                               time.Duration // reading them (extract and normalize, on all workers)
	Check                              time.Duration // cross.Check over the consistent batch
}

// crossCase is one batch of the cross bench: the files, and what the
// error planted in them must give (nil for the consistent batch).
type crossCase struct {
	kind  CrossKind
	seed  int64
	files []File
	want  *CrossExpected
	paths []string // the file each of files was written to
}

// benchCross runs the cross-report part of Bench. Every file is rendered
// and written under its content's hash, and read once through the real
// pipeline (corpus.CrossReports): a case that leaves a year as the
// consistent series has it reads the same file. Each batch then goes
// through cross.Check.
func benchCross(ctx context.Context, opts BenchOptions, dir string, workers int) (*CrossStats, []Case, []Case, error) {
	st := &CrossStats{FalseByRule: map[string]int{}, Cases: map[CrossKind]int{}, Applied: map[CrossKind]int{},
		Found: map[CrossKind]int{}, Unexplained: map[CrossKind]int{}, UnexplainedByRule: map[CrossKind]map[string]int{}}
	kinds := opts.CrossKinds
	if kinds == nil {
		kinds = CrossKinds
	}
	seriesSeeds, groupSeeds, consistent := consistentBatch(opts)
	st.Series, st.Groups, st.Reports = len(seriesSeeds), len(groupSeeds), len(consistent.files)

	cases := []*crossCase{consistent}
	for _, k := range kinds {
		for i := range opts.N {
			cases = append(cases, &crossCase{kind: k, seed: int64(i)})
		}
	}
	// Plant the errors, and render and write every file, on all workers.
	var mu sync.Mutex
	written := map[string]bool{}
	var paths []string
	defer func() {
		for p := range written {
			os.Remove(p)
		}
	}()
	err := parallel(ctx, workers, len(cases), func(ci int) error {
		c := cases[ci]
		switch {
		case c.kind == 0:
		case c.kind.Group():
			g := GenerateGroup(groupSeeds[int(c.seed)%len(groupSeeds)], GroupOptions{Plain: opts.Plain, Error: c.kind, ErrorSeed: c.seed + 1})
			c.files, c.want = g.Files, &g.Expected
		default:
			s := GenerateSeries(seriesSeeds[c.seed], SeriesOptions{Plain: opts.Plain, Errors: []CrossKind{c.kind}, ErrorSeed: c.seed + 1})
			c.files, c.want = s.Files, &s.Expected[0]
		}
		for _, f := range c.files {
			src, ext := f.Render()
			sum := sha256.Sum256(src)
			p := filepath.Join(dir, "cr-"+hex.EncodeToString(sum[:12])+ext)
			mu.Lock()
			fresh := !written[p]
			written[p] = true
			mu.Unlock()
			if fresh {
				if err := os.WriteFile(p, src, 0o644); err != nil {
					return fmt.Errorf("bench: %w", err)
				}
				mu.Lock()
				paths = append(paths, p)
				mu.Unlock()
			}
			c.paths = append(c.paths, p)
		}
		return nil
	})
	if err != nil {
		return nil, nil, nil, err
	}
	sort.Strings(paths)
	st.Files = len(paths)
	start := time.Now()
	reps, err := corpus.CrossReports(ctx, paths, corpus.Options{Workers: workers}, nil)
	st.Read = time.Since(start)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("bench: %w", err)
	}
	byPath := map[string]*cross.Report{}
	for _, r := range reps {
		byPath[r.Path] = r
	}
	st.Errors = len(paths) - len(reps)

	var misses, falses []Case
	shown := map[CrossKind]int{}
	for _, c := range cases {
		batch, pathOf := c.batch(byPath)
		start := time.Now()
		fs := cross.Check(batch, cross.Options{})
		if c.kind == 0 {
			st.Check = time.Since(start)
			st.False = len(fs)
			for _, f := range fs {
				st.FalseByRule[f.Rule.ID]++
			}
			for i, f := range fs {
				if i < 6 {
					falses = append(falses, Case{Format: "cross", Kind: "consistent", Got: []string{findingLine(f)}})
				}
			}
			continue
		}
		st.Cases[c.kind]++
		if !c.want.Applied {
			continue
		}
		st.Applied[c.kind]++
		found := c.want.Found(fs, pathOf)
		if found {
			st.Found[c.kind]++
		}
		var odd []string
		for _, f := range fs {
			if !c.want.Explains(f, pathOf) {
				st.Unexplained[c.kind]++
				if st.UnexplainedByRule[c.kind] == nil {
					st.UnexplainedByRule[c.kind] = map[string]int{}
				}
				st.UnexplainedByRule[c.kind][f.Rule.ID]++
				odd = append(odd, findingLine(f))
			}
		}
		if (!found || len(odd) > 0) && shown[c.kind] < 3 {
			shown[c.kind]++
			cs := Case{Format: "cross", Kind: c.kind.String(), Seed: c.seed, Detail: c.want.Detail}
			for _, f := range fs {
				cs.Got = append(cs.Got, findingLine(f))
			}
			if found {
				falses = append(falses, cs)
			} else {
				misses = append(misses, cs)
			}
		}
	}
	return st, misses, falses, nil
}

// batch returns the cross reports of c's files that were read, and the
// path each generated report was written to.
func (c *crossCase) batch(byPath map[string]*cross.Report) ([]*cross.Report, func(*Report) string) {
	var out []*cross.Report
	at := map[*Report]string{}
	for i, f := range c.files {
		at[f.Report] = c.paths[i]
		if r := byPath[c.paths[i]]; r != nil && !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	return out, func(r *Report) string { return at[r] }
}

func findingLine(f cross.Finding) string {
	return fmt.Sprintf("%s %s %s %s %s: %s", f.Rule.ID, f.Severity, filepath.Base(f.Path), f.Key, f.Section, f.Message.Zh)
}

// consistentBatch draws the consistent series and groups of a bench: N
// series of distinct agencies and N/5 groups (at least one) in distinct
// counties, no series agency in a group's county (it would count as one
// of the group's units, which the summary does not add up).
func consistentBatch(opts BenchOptions) (series, groups []int64, c *crossCase) {
	c = &crossCase{}
	seen := map[string]bool{}
	key := func(r *Report) string { return cross.AgencyKey(r.RegionCode, r.Agency) }
	inGroup := map[string]bool{}
	base := opts.Seed*7_000_003 + 3_000_000
	for i := int64(0); len(groups) < max(1, opts.N/5); i++ {
		g := GenerateGroup(base+i, GroupOptions{Plain: opts.Plain})
		county := g.Summary.RegionCode
		if inGroup[county] {
			continue
		}
		inGroup[county] = true
		for _, f := range g.Files {
			seen[key(f.Report)] = true
		}
		groups = append(groups, base+i)
		c.files = append(c.files, g.Files...)
	}
	base = opts.Seed * 7_000_003
	for i := int64(0); len(series) < opts.N; i++ {
		s := GenerateSeries(base+i, SeriesOptions{Plain: opts.Plain})
		r := s.Reports[0]
		p := r.Place()
		if seen[key(r)] || inGroup[p.Code] || p.Parent != nil && inGroup[p.Parent.Code] {
			continue
		}
		seen[key(r)] = true
		series = append(series, base+i)
		c.files = append(c.files, s.Files...)
	}
	return series, groups, c
}

// parallel runs fn(0) … fn(n-1) on workers goroutines; the first error
// stops the rest.
func parallel(ctx context.Context, workers, n int, fn func(i int) error) error {
	next := make(chan int)
	errs := make(chan error, workers)
	var wg sync.WaitGroup
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	for range min(workers, n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				if err := fn(i); err != nil {
					errs <- err
					cancel()
					return
				}
			}
		}()
	}
feed:
	for i := range n {
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	select {
	case err := <-errs:
		return err
	default:
	}
	return ctx.Err()
}

// expectedCross says, per kind, what the table prints as expected.
var expectedCross = map[CrossKind]string{
	Duplicate: "CR100 on both", CarryOverBroken: "CR101", ChainBroken: "CR102 once", TextCopied: "CR103",
	TableCopied: "CR104", TableShared: "CR105 on both", RollUpOff: "CR106 (error if below the units' sum, else info)",
	RollUpMissing: "CR106 info, no error",
}

// writeCross prints the cross-report tables: recall per kind, then the
// consistent batch.
func (r *BenchResult) writeCross(sb *strings.Builder) {
	c := r.Cross
	if c == nil {
		return
	}
	row := func(cells ...string) { sb.WriteString("| " + strings.Join(cells, " | ") + " |\n") }
	fmt.Fprintf(sb, "Cross-report rules: %d consistent series of 3–5 years and %d roll-up groups in one batch (%d reports), "+
		"and %d cases per error kind, each a batch of its own: a series or group with the error planted. "+
		"Years and units come in text, html and docx in turn.\n\n", c.Series, c.Groups, c.Reports, r.N)
	row("error kind", "expected", "found", "unexplained findings", "by rule")
	row("---", "---", "---", "---", "---")
	a, f := 0, 0
	for _, k := range r.CrossKinds {
		row(k.String(), expectedCross[k], fmt.Sprintf("%d/%d (%s)", c.Found[k], c.Applied[k], pct(c.Found[k], c.Applied[k])),
			fmt.Sprint(c.Unexplained[k]), byRule(c.UnexplainedByRule[k]))
		a += c.Applied[k]
		f += c.Found[k]
	}
	row("**all kinds**", "", fmt.Sprintf("%d/%d (%s)", f, a, pct(f, a)), "", "")
	sb.WriteString("\n")
	speed := "—"
	if c.Read > 0 {
		speed = fmt.Sprintf("%.0f · %d", float64(c.Files-c.Errors)/c.Read.Seconds(), c.Check.Milliseconds())
	}
	row("consistent batch", "reports", "false CR findings", "by rule", "files read", "errors", "reports/s read · ms cross.Check")
	row("---", "---", "---", "---", "---", "---", "---")
	row(fmt.Sprintf("%d series, %d groups", c.Series, c.Groups), fmt.Sprint(c.Reports), fmt.Sprint(c.False), byRule(c.FalseByRule),
		fmt.Sprint(c.Files), fmt.Sprint(c.Errors), speed)
	sb.WriteString("\n")
}
