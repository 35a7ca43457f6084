package gen

import (
	"context"
	"fmt"
	"io"
	"maps"
	"math/rand"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/nianbao/nianbao/corpus"
	"github.com/nianbao/nianbao/normalize"
	"github.com/nianbao/nianbao/validate"
)

// Formats are the renderers a bench runs by default, by name.
var Formats = []string{"text", "html", "docx"}

// AllFormats adds those that need outside tools: pdf (the DOCX printed
// by LibreOffice Writer; slow, about a second a report).
var AllFormats = []string{"text", "html", "docx", "pdf"}

// Render renders r in format (text, html or docx).
func Render(format string, r *Report, d Damage) ([]byte, string) {
	switch format {
	case "text":
		return Text(r, d), ".txt"
	case "html":
		return HTML(r, d), ".html"
	case "docx":
		return DOCX(r, d), ".docx"
	}
	panic("gen: unknown format " + format)
}

// BenchOptions say what Bench runs.
type BenchOptions struct {
	Seed    int64
	N       int         // reports per format and per kind (clean, each error kind, damaged); 0 means 20
	Formats []string    // nil: Formats
	Kinds   []ErrorKind // nil: ErrorKinds
	Workers int         // reports checked at once; 0 means GOMAXPROCS
	Dir     string      // where report files are written; "" makes and removes a temporary one
	Plain   bool        // generate without the real-report variants (Options.Plain)
	// CrossKinds are the errors across reports planted, N cases each, in
	// series (GenerateSeries) and roll-up groups (GenerateGroup) beside a
	// batch of N consistent series and N/5 groups; nil: CrossKinds.
	CrossKinds []CrossKind
}

// BenchResult is what Bench measured.
type BenchResult struct {
	Seed    int64
	N       int
	Formats []*FormatStats
	Kinds   []ErrorKind
	// Misses are injected errors the pipeline did not find, and False the
	// findings on clean, undamaged reports: at most a few of each per
	// format and kind, for people to look at.
	Misses []Case
	False  []Case
	// Cross holds the measurements of the cross-report rules, and
	// CrossMisses and CrossFalse a few cases worth a look.
	Cross                   *CrossStats
	CrossKinds              []CrossKind
	CrossMisses, CrossFalse []Case
}

// FormatStats are the measurements of one format.
type FormatStats struct {
	Format string
	// Recall: per error kind, reports where the error was planted and
	// where the expected finding came out.
	Applied, Found map[ErrorKind]int
	// Clean, undamaged reports and the error and warning findings on them,
	// all false, by rule.
	Clean         int
	FalseFindings int
	FalseByRule   map[string]int
	// Damaged: clean reports under random damage that keeps every number
	// readable; their findings are false too.
	Damaged         int
	DamagedFindings int
	DamagedByRule   map[string]int
	// Cells equal to the truth, over the printed cells, for undamaged
	// reports of every kind and for damaged clean ones.
	Cells, CellsRight               int
	DamagedCells, DamagedCellsRight int
	Errors                          int           // reports the pipeline could not process
	Checked                         int           // reports through the pipeline
	Elapsed                         time.Duration // summed pipeline time of Checked reports
	// Variants are the measurements per real-report variant: over the
	// clean, undamaged reports that exercise it, and for the variants
	// that are errors (blank total column, unfilled table) over the
	// reports where that error was planted.
	Variants map[Variant]*VariantStats
}

// VariantStats are the measurements of the reports exercising one variant.
type VariantStats struct {
	Reports           int
	Cells, CellsRight int
	// Findings are error and warning findings on clean reports (all
	// false), or on reports with a planted variant error those the
	// error does not explain (all false too).
	Findings int
	ByRule   map[string]int
}

// Case is one report worth a look: the seed regenerates it.
type Case struct {
	Format string
	Kind   string // "clean", "damaged" or the error kind
	Seed   int64
	Damage string
	Detail string   // the planted error
	Got    []string // findings: rule key section message
}

// job is one report of the bench.
type job struct {
	format string
	kind   ErrorKind // 0 clean; -1 damaged clean
	n      int       // index among the reports of its format and kind
	seed   int64
}

const damagedKind ErrorKind = -1

type outcome struct {
	applied, found    bool
	findings          []validate.Finding
	unexplained       []validate.Finding // findings the planted error does not account for
	variants          []Variant
	cells, cellsRight int
	wrong             []string // cells read wrong
	err               error
	elapsed           time.Duration
	damage            string
	detail            string
}

// Bench generates N reports per format for clean reports, each error
// kind and damaged clean reports, renders them, runs them through the
// real pipeline (corpus.CheckFile) and measures recall, false findings,
// cell accuracy and speed. Then the cross-report rules: N consistent
// series and N/5 roll-up groups checked as one batch, whose every finding
// is false, and N cases of each CrossKind, each checked as a batch of its
// own (corpus.CrossReports, cross.Check). All but the speed depend on the
// seed alone.
func Bench(ctx context.Context, opts BenchOptions) (*BenchResult, error) {
	if opts.N <= 0 {
		opts.N = 20
	}
	if opts.Formats == nil {
		opts.Formats = Formats
	}
	if opts.Kinds == nil {
		opts.Kinds = ErrorKinds
	}
	if opts.CrossKinds == nil {
		opts.CrossKinds = CrossKinds
	}
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	dir := opts.Dir
	if dir == "" {
		d, err := os.MkdirTemp("", "nianbao-bench-")
		if err != nil {
			return nil, fmt.Errorf("bench: %w", err)
		}
		defer os.RemoveAll(d)
		dir = d
	}
	var jobs []job
	kinds := append(append([]ErrorKind{0}, opts.Kinds...), damagedKind)
	for _, f := range opts.Formats {
		for _, k := range kinds {
			for i := 0; i < opts.N; i++ {
				// Every format sees the same reports, so formats compare.
				jobs = append(jobs, job{format: f, kind: k, n: i, seed: opts.Seed*1_000_003 + int64(k+1)*10_007 + int64(i)})
			}
		}
	}
	out := make([]outcome, len(jobs))
	// LibreOffice work folders, one per worker, for the pdf format.
	lo := workFolders(dir, workers)
	parallel(ctx, workers, len(jobs), func(i int) error {
		out[i] = runJob(ctx, dir, lo, i, jobs[i], opts.Plain)
		return nil
	})
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("bench: %w", err)
	}

	res := &BenchResult{Seed: opts.Seed, N: opts.N, Kinds: opts.Kinds, CrossKinds: opts.CrossKinds}
	var err error
	if res.Cross, res.CrossMisses, res.CrossFalse, err = benchCross(ctx, opts, dir, workers); err != nil {
		return nil, err
	}
	stats := map[string]*FormatStats{}
	for _, f := range opts.Formats {
		s := &FormatStats{Format: f, Applied: map[ErrorKind]int{}, Found: map[ErrorKind]int{}, FalseByRule: map[string]int{}, DamagedByRule: map[string]int{},
			Variants: map[Variant]*VariantStats{}}
		stats[f] = s
		res.Formats = append(res.Formats, s)
	}
	shown := map[string]int{}
	show := func(list *[]Case, j job, o outcome, kind string) {
		k := j.format + kind
		if shown[k] >= 3 {
			return
		}
		shown[k]++
		c := Case{Format: j.format, Kind: kind, Seed: j.seed, Damage: o.damage, Detail: o.detail}
		if o.err != nil {
			c.Got = append(c.Got, "error: "+o.err.Error())
		}
		for _, f := range o.findings {
			c.Got = append(c.Got, fmt.Sprintf("%s %s %s %s", f.Rule.ID, f.Key, f.Section, f.Message.Zh))
		}
		c.Got = append(c.Got, o.wrong...)
		*list = append(*list, c)
	}
	for i, j := range jobs {
		o, s := out[i], stats[j.format]
		s.addVariants(j, o)
		if o.err != nil {
			s.Errors++
		} else {
			s.Checked++
			s.Elapsed += o.elapsed
		}
		switch j.kind {
		case 0:
			s.Clean++
			s.Cells += o.cells
			s.CellsRight += o.cellsRight
			n := countFalse(o.findings, s.FalseByRule)
			s.FalseFindings += n
			if n > 0 || o.err != nil {
				show(&res.False, j, o, "clean")
			}
		case damagedKind:
			s.Damaged++
			s.DamagedCells += o.cells
			s.DamagedCellsRight += o.cellsRight
			n := countFalse(o.findings, s.DamagedByRule)
			s.DamagedFindings += n
			if n > 0 || o.err != nil || o.cellsRight < o.cells {
				show(&res.False, j, o, "damaged")
			}
		default:
			s.Cells += o.cells
			s.CellsRight += o.cellsRight
			if o.applied {
				s.Applied[j.kind]++
				if o.found {
					s.Found[j.kind]++
				} else {
					show(&res.Misses, j, o, j.kind.String())
				}
			}
		}
	}
	return res, nil
}

// countFalse counts the error and warning findings of a report that
// should have none, by rule into byRule, and returns how many there are.
func countFalse(fs []validate.Finding, byRule map[string]int) int {
	n := 0
	for _, f := range fs {
		if f.Severity >= validate.Warning {
			byRule[f.Rule.ID]++
			n++
		}
	}
	return n
}

// renderFile renders r in format, pdf included: the PDF is printed by
// LibreOffice in one of the work folders lo hands out, one per worker.
func renderFile(ctx context.Context, format string, r *Report, d Damage, lo chan string) ([]byte, string, error) {
	if format != "pdf" {
		src, ext := Render(format, r, d)
		return src, ext, nil
	}
	work := <-lo
	defer func() { lo <- work }()
	if err := os.MkdirAll(work, 0o755); err != nil {
		return nil, "", err
	}
	src, err := PDF(ctx, r, d, work)
	return src, ".pdf", err
}

// workFolders makes the channel of LibreOffice work folders renderFile
// takes, one per worker, under dir.
func workFolders(dir string, workers int) chan string {
	lo := make(chan string, workers)
	for w := 0; w < workers; w++ {
		lo <- filepath.Join(dir, fmt.Sprintf("lo-%d", w))
	}
	return lo
}

// cleanDamage is the layout and encoding of the n-th clean report of a
// format: they vary but are no damage, real files come so.
func cleanDamage(format string, seed int64, n int) Damage {
	return Damage{Seed: seed, Style: TextStyle(n % 4), GBK: format == "html" && n%2 == 1}
}

// runJob makes, writes and checks one report.
func runJob(ctx context.Context, dir string, lo chan string, i int, j job, plain bool) outcome {
	var o outcome
	r := Generate(j.seed, Options{Plain: plain})
	rnd := rand.New(rand.NewSource(j.seed ^ 0x5eed))
	d := cleanDamage(j.format, j.seed, j.n)
	var exp Expected
	switch {
	case j.kind == damagedKind:
		d = RandomDamage(rnd, false)
		d.GBK = d.GBK && j.format == "html"
		d.Chrome = d.Chrome && j.format != "docx"
	case j.kind > 0:
		exp = Inject(r, j.kind, rnd)
		o.applied, o.detail = exp.Applied, exp.Detail
	}
	o.variants = r.Variants(j.format, d)
	o.damage = d.String()
	if j.format == "text" {
		o.damage = d.Style.String() + " " + o.damage
	}
	src, ext, err := renderFile(ctx, j.format, r, d, lo)
	if err != nil {
		o.err = err
		return o
	}
	path := filepath.Join(dir, fmt.Sprintf("%06d%s", i, ext))
	if err := os.WriteFile(path, src, 0o644); err != nil {
		o.err = err
		return o
	}
	defer os.Remove(path)
	start := time.Now()
	res := corpus.CheckFile(ctx, path, corpus.Options{})
	o.elapsed = time.Since(start)
	if res.Err != nil && res.Report == nil {
		o.err = res.Err
		return o
	}
	o.findings = res.Findings
	o.cells, o.cellsRight, o.wrong = cellScore(r, res)
	if o.applied {
		o.found = exp.Found(res.Findings, res.Report.Doc)
		for _, f := range res.Findings {
			if f.Severity >= validate.Warning && !exp.Explains(f, res.Report.Doc) {
				o.unexplained = append(o.unexplained, f)
			}
		}
	}
	return o
}

// addVariants counts report j under each variant it exercises: a clean,
// undamaged report under its clean variants, a report with a planted
// variant error under that error's class.
func (s *FormatStats) addVariants(j job, o outcome) {
	var fs []validate.Finding
	switch {
	case j.kind == 0:
		for _, f := range o.findings {
			if f.Severity >= validate.Warning {
				fs = append(fs, f)
			}
		}
	case j.kind == BlankTotal || j.kind == UnfilledTable:
		if !o.applied {
			return
		}
		fs = o.unexplained
	default:
		return
	}
	for _, v := range o.variants {
		planted := v.Class == ClassBlankTotal || v.Class == ClassUnfilledTable
		if planted != (j.kind != 0) {
			continue
		}
		vs := s.Variants[v]
		if vs == nil {
			vs = &VariantStats{ByRule: map[string]int{}}
			s.Variants[v] = vs
		}
		vs.Reports++
		vs.Cells += o.cells
		vs.CellsRight += o.cellsRight
		vs.Findings += len(fs)
		for _, f := range fs {
			vs.ByRule[f.Rule.ID]++
		}
	}
}

// cellScore counts the printed cells of r and those read back equal,
// and describes the first few that are not.
func cellScore(r *Report, res corpus.Result) (cells, right int, wrong []string) {
	for _, k := range slices.Sorted(maps.Keys(r.Cells)) {
		cells++
		c := res.Report.Cell(k)
		if cellRight(r, k, c) {
			right++
			continue
		}
		if len(wrong) < 3 {
			got := "no cell"
			if c != nil {
				got = fmt.Sprintf("%s %q", c.State, c.Raw)
			}
			wrong = append(wrong, fmt.Sprintf("cell %s: want %s, got %s", k, wantCell(r, k), got))
		}
	}
	return cells, right, wrong
}

// cellRight reports whether cell c, read back, is cell k of r: the same
// state, and for a number the same value. A blank cell read as 0 is
// wrong: the model keeps what was printed.
func cellRight(r *Report, k string, c *normalize.Cell) bool {
	if c == nil || c.State != r.State(k) {
		return false
	}
	if c.State != normalize.StateNumber {
		return true
	}
	return c.Value != nil && *c.Value == r.Cells[k]
}

// wantCell describes cell k of r as printed: its number or its state.
func wantCell(r *Report, k string) string {
	switch s := r.State(k); s {
	case normalize.StateNumber:
		return num(r.Cells[k])
	case normalize.StateDash:
		return fmt.Sprintf("dash %q", r.marks[k])
	default:
		return string(s)
	}
}

// expectedRules says, per kind, what the table prints as expected.
var expectedRules = map[ErrorKind]string{
	CellChanged: "TB101–TB104", TotalChanged: "TB101–TB104", RowDropped: "ST105", SectionRemoved: "ST101",
	LastYear: "NU103", PeriodEnd: "NU104", TextNumber: "NU102", PlaceTypo: "NM101", QuotedTypo: "NM102", OldTemplate: "ST106",
	TextSum: "NU101", BlankTotal: "TB102 + TB103 per row", UnfilledTable: "ST109 once, no ST104/ST105", PartsMiscount: "ST111",
}

func pct(a, b int) string {
	if b == 0 {
		return "—"
	}
	return fmt.Sprintf("%.1f%%", 100*float64(a)/float64(b))
}

func ratio(a, b int) string {
	if b == 0 {
		return "—"
	}
	return fmt.Sprintf("%.2f", float64(a)/float64(b))
}

func byRule(m map[string]int) string {
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(m)) {
		parts = append(parts, fmt.Sprintf("%s×%d", k, m[k]))
	}
	if len(parts) == 0 {
		return "—"
	}
	return strings.Join(parts, " ")
}

// WriteTable prints the results as Markdown: recall per error kind and
// format, then false findings, cell accuracy and speed per format. For a
// given seed only the reports/s column changes between runs; it is the
// pipeline alone (extract, normalize, validate), per core.
func (r *BenchResult) WriteTable(w io.Writer) error {
	var sb strings.Builder
	row := func(cells ...string) { sb.WriteString("| " + strings.Join(cells, " | ") + " |\n") }
	fmt.Fprintf(&sb, "Seed %d, %d reports per format and kind.\n\n", r.Seed, r.N)
	head, rule := []string{"error kind", "expected"}, []string{"---", "---"}
	for _, f := range r.Formats {
		head, rule = append(head, f.Format), append(rule, "---")
	}
	row(head...)
	row(rule...)
	for _, k := range r.Kinds {
		cells := []string{k.String(), expectedRules[k]}
		for _, f := range r.Formats {
			cells = append(cells, fmt.Sprintf("%d/%d (%s)", f.Found[k], f.Applied[k], pct(f.Found[k], f.Applied[k])))
		}
		row(cells...)
	}
	all := []string{"**all kinds**", ""}
	for _, f := range r.Formats {
		a, fd := 0, 0
		for _, k := range r.Kinds {
			a += f.Applied[k]
			fd += f.Found[k]
		}
		all = append(all, fmt.Sprintf("%d/%d (%s)", fd, a, pct(fd, a)))
	}
	row(all...)
	sb.WriteString("\n")
	row("format", "clean reports", "false findings / clean report", "by rule", "cell accuracy",
		"damaged reports", "findings / damaged report", "by rule", "damaged cell accuracy", "errors", "reports/s")
	row("---", "---", "---", "---", "---", "---", "---", "---", "---", "---", "---")
	for _, f := range r.Formats {
		speed := "—"
		if f.Elapsed > 0 {
			speed = fmt.Sprintf("%.0f", float64(f.Checked)/f.Elapsed.Seconds())
		}
		row(f.Format, fmt.Sprint(f.Clean), ratio(f.FalseFindings, f.Clean), byRule(f.FalseByRule), pct(f.CellsRight, f.Cells),
			fmt.Sprint(f.Damaged), ratio(f.DamagedFindings, f.Damaged), byRule(f.DamagedByRule), pct(f.DamagedCellsRight, f.DamagedCells),
			fmt.Sprint(f.Errors), speed)
	}
	sb.WriteString("\n")
	r.writeTX(&sb)
	r.writeVariants(&sb)
	sb.WriteString("\n")
	r.writeCross(&sb)
	_, err := io.WriteString(w, sb.String())
	return err
}

// writeVariants prints the table per real-report variant: for each
// format, the reports exercising it, their cell accuracy and false
// findings per report; then the false findings by rule over all formats.
func (r *BenchResult) writeVariants(sb *strings.Builder) {
	row := func(cells ...string) { sb.WriteString("| " + strings.Join(cells, " | ") + " |\n") }
	seen := map[Variant]bool{}
	var vs []Variant
	for _, f := range r.Formats {
		for v := range f.Variants {
			if !seen[v] {
				seen[v] = true
				vs = append(vs, v)
			}
		}
	}
	sort.Slice(vs, func(i, j int) bool {
		if vs[i].Class != vs[j].Class {
			return classOrder(vs[i].Class) < classOrder(vs[j].Class)
		}
		return vs[i].Name < vs[j].Name
	})
	sb.WriteString("Per variant: reports · cell accuracy · false findings per report. Clean reports for the clean variants; " +
		"for blank total column and unfilled table, the reports where it was planted, counting the findings it does not explain.\n\n")
	head, rule := []string{"variant class", "variant"}, []string{"---", "---"}
	for _, f := range r.Formats {
		head, rule = append(head, f.Format), append(rule, "---")
	}
	row(append(head, "false findings by rule")...)
	row(append(rule, "---")...)
	for _, v := range vs {
		cells := []string{v.Class, v.Name}
		all := map[string]int{}
		for _, f := range r.Formats {
			s := f.Variants[v]
			if s == nil {
				cells = append(cells, "—")
				continue
			}
			cells = append(cells, fmt.Sprintf("%d · %s · %s", s.Reports, pct(s.CellsRight, s.Cells), ratio(s.Findings, s.Reports)))
			for k, n := range s.ByRule {
				all[k] += n
			}
		}
		row(append(cells, byRule(all))...)
	}
}
