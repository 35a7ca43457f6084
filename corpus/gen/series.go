package gen

import (
	"fmt"
	"math"
	"math/rand"
	"slices"
	"strings"

	"github.com/nianbao/nianbao/internal/names"
	"github.com/nianbao/nianbao/normalize"
)

// SeriesOptions constrain GenerateSeries; zero fields are drawn from the
// seed.
type SeriesOptions struct {
	Kind  AgencyKind // AnyKind draws one
	First int        // first reporting year
	Years int        // consecutive years, 3 to 5 when drawn
	Plain bool       // no real-report variants (Options.Plain)
	// Errors are the errors across reports to plant, each in a year of
	// its own where it has a place; a kind given twice is planted twice.
	Errors []CrossKind
	// ErrorSeed draws where and how the errors are planted, apart from
	// the series: the same seed with other errors, or none, gives the
	// same reports wherever no error reaches.
	ErrorSeed int64
}

// Series is one agency's reports over consecutive years, and the reports
// of other agencies an error brought in.
type Series struct {
	Seed int64
	// Reports are the agency's reports, oldest first; a duplicate
	// follows the report of its year.
	Reports []*Report
	Others  []*Report // another agency's report that shares a table
	// Files are all reports as a batch holds them, each in its format.
	Files    []File
	Expected []CrossExpected // one per error of SeriesOptions.Errors
}

// File is one report of a batch and the format it is written in.
type File struct {
	Report *Report
	Format string // text, html or docx
}

// Render renders f as a bench or test writes it: no damage, and the
// layouts and encodings real files come in.
func (f File) Render() ([]byte, string) {
	s := f.Report.Seed
	d := Damage{Seed: s, Style: TextStyle(uint64(s) % 4), GBK: f.Format == "html" && s%2 != 0}
	return Render(f.Format, f.Report, d)
}

// Name is a file name for f: year, region code and seed, which are
// unique in a batch unless the same report is written twice.
func (f File) Name() string {
	return fmt.Sprintf("%d_%s_%08x%s", f.Report.Year, f.Report.RegionCode, uint32(f.Report.Seed), formatExt[f.Format])
}

// formatExt is the file name ending of each format Render writes.
var formatExt = map[string]string{"text": ".txt", "html": ".html", "docx": ".docx", "pdf": ".pdf"}

// builder makes one agency's reports, a year at a time: the agency, how
// it writes its name, its contact block and its usual volume of requests
// stay; numbers and prose are the year's own.
type builder struct {
	seed    int64
	kind    AgencyKind
	a       agency
	names   []string // the agency's name as titles print it: the full name first
	contact Contact
	volume  float64 // new requests in a usual year; 0 for an agency that rarely gets any
	scope   string  // Report.scope
	plain   bool
}

func newBuilder(rnd *rand.Rand, seed int64, kind AgencyKind, a agency, plain bool) *builder {
	b := &builder{seed: seed, kind: kind, a: a, names: nameVariants(a), contact: drawContact(rnd, a), plain: plain}
	if s := scale[kind]; rnd.Float64() >= s.zero {
		b.volume = logUniform(rnd, s.lo, s.hi)
	}
	return b
}

// nameVariants lists the ways real series write one agency's name from
// year to year, the full name first: 人民政府 as 政府, 人民政府办公室 as
// 政府办, 街道办事处 as 街道办, and the name without the divisions above.
func nameVariants(a agency) []string {
	out := []string{a.name}
	add := func(s string) {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	gov := strings.Replace(a.name, "人民政府", "政府", 1)
	add(gov)
	if a.office && strings.HasSuffix(gov, "办公室") {
		add(strings.TrimSuffix(gov, "办公室") + "办")
	}
	if strings.HasSuffix(a.name, "街道办事处") {
		add(strings.TrimSuffix(a.name, "事处"))
	}
	add(a.short)
	return out
}

// yearSeed is the seed of the report of the i-th year.
func (b *builder) yearSeed(i int) int64 { return b.seed*7_919 + int64(i+1)*104_729 }

// plan makes the report of the i-th year with its numbers, which follow
// prev, the report of the year before (nil for the first): 上年结转 is its
// 结转下年度 and 现行有效 its count plus this year's 制发 less 废止. Its
// prose is written by finish, once every error is planted.
func (b *builder) plan(i, year int, prev *Report) *Report {
	seed := b.yearSeed(i)
	rnd := rand.New(rand.NewSource(seed))
	r := newReport(seed, b.kind, year)
	name := b.names[0]
	if len(b.names) > 1 && rnd.Intn(5) < 2 {
		name = oneOf(rnd, b.names[1:])
	}
	r.setAgency(b.a, name)
	r.scope = b.scope
	r.Contact = b.contact
	p := normalize.ProfileFor(r.Template)
	cells := map[string]float64{}
	n := 0
	switch {
	case b.volume > 0:
		n = int(math.Round(b.volume * math.Exp(0.35*rnd.NormFloat64())))
	case rnd.Intn(5) == 0:
		n = 1 + rnd.Intn(2)
	}
	var over []int
	if prev != nil {
		fwd := identity(p, "balance").Right[1]
		for _, col := range identity(p, "applicants").Right {
			over = append(over, int(prev.Cells[requestsTable+"."+fwd+"."+col]))
		}
	}
	drawRequests(rnd, p, n, over, cells)
	drawReview(rnd, p, n, cells)
	drawActive(rnd, b.kind, p, cells)
	if prev != nil {
		chainCounts(p, prev.Cells, cells)
	}
	r.Cells = cells
	return r
}

// chainCounts makes the running counts of cells follow last year's
// (prev): the profile's chains that add and take away (现行有效 = last
// year's + 制发 − 废止), taking away no more than there is. Counts last
// year's template did not keep start afresh.
func chainCounts(p *normalize.Profile, prev, cells map[string]float64) {
	for _, ch := range p.Chains {
		if len(ch.Plus) == 0 && len(ch.Minus) == 0 {
			continue // carried over: drawRequests
		}
		for _, in := range ch.Instances(p) {
			v, ok := prev[in.Previous]
			if !ok {
				continue
			}
			for _, k := range in.Plus {
				v += cells[k]
			}
			for _, k := range in.Minus {
				cells[k] = min(cells[k], v)
				v -= cells[k]
			}
			cells[in.This] = v
		}
	}
}

// finish draws r's variants and writes its prose, choosing differently
// from prev, the year before's choices; it returns this year's.
func (b *builder) finish(r *Report, prev *yearly) *yearly {
	if !b.plain {
		r.drawVariants(rand.New(rand.NewSource(r.Seed ^ 0x7a21a5e)))
	}
	yl := newYearly(r.Seed, r.Year, prev)
	writeProse(rand.New(rand.NewSource(r.Seed^0x9a05e)), r, b.a, yl)
	return yl
}

// firstYear is the first reporting year of the oldest template.
func firstYear() int {
	first := 0
	for _, p := range normalize.Profiles() {
		if first == 0 || p.FirstYear < first {
			first = p.FirstYear
		}
	}
	return first
}

// GenerateSeries makes one agency's reports over consecutive years, each
// with its own numbers and prose, consistent across years: 上年结转 is
// last year's 结转下年度 in every column and 现行有效 follows last year's
// with this year's 制发 and 废止. The agency writes its name the ways real
// ones do from year to year (人民政府 or 政府, 办公室 or 办), and the years
// come in the usual formats. opts.Errors plants errors across reports;
// Series.Expected says what each must give.
func GenerateSeries(seed int64, opts SeriesOptions) *Series {
	rnd := rand.New(rand.NewSource(seed))
	kind := opts.Kind
	if kind == AnyKind {
		kind = drawKind(rnd)
	}
	n := opts.Years
	if n <= 0 {
		n = 3 + rnd.Intn(3)
	}
	first := opts.First
	if first == 0 {
		lo := firstYear()
		first = lo + rnd.Intn(max(1, lastYear-n+2-lo))
	}
	a := drawSeriesAgency(rnd, kind)
	b := newBuilder(rnd, seed, kind, a, opts.Plain)
	s := &Series{Seed: seed}
	var prev *Report
	for i := range n {
		prev = b.plan(i, first+i, prev)
		s.Reports = append(s.Reports, prev)
	}
	formats := map[*Report]string{}
	for i, r := range s.Reports {
		formats[r] = Formats[(i+int(uint64(seed)%3))%len(Formats)]
	}

	irnd := rand.New(rand.NewSource(seed ^ 0x3c5e11 ^ opts.ErrorSeed*0x9e3779b1))
	used := map[int]bool{}
	var late []func()
	s.Expected = make([]CrossExpected, len(opts.Errors))
	for i, k := range opts.Errors {
		s.Expected[i].Kind = k
		if then := s.plant(b, k, irnd, used, formats, &s.Expected[i]); then != nil {
			late = append(late, then)
		}
	}
	var yl *yearly
	for _, r := range s.Reports {
		yl = b.finish(r, yl)
	}
	for _, then := range late {
		then()
	}
	for _, r := range append(append([]*Report{}, s.Reports...), s.Others...) {
		s.Files = append(s.Files, File{Report: r, Format: formats[r]})
	}
	return s
}

// drawSeriesAgency draws an agency of kind; one department in five is the
// government's general office (人民政府办公室, a province's 办公厅), whose
// name real series write with 政府办 as often as in full.
func drawSeriesAgency(rnd *rand.Rand, kind AgencyKind) agency {
	a := drawAgency(rnd, kind)
	if a.dept == nil || rnd.Intn(5) != 0 {
		return a
	}
	d := dept{"人民政府办公厅", "人民政府办公室", "政务公开统筹协调和政务服务", "政务"}
	a.dept, a.office = &d, true
	switch a.place.Level {
	case 3:
		a.name = a.upper + a.place.Name + d.local
		a.short = a.place.Name + d.local
	case 2:
		a.name = a.place.Name + d.local
		a.short = a.name
	default:
		a.name = a.place.Name + d.province
		a.short = a.name
	}
	a.self = "本" + lastRune(a.name)
	if strings.HasSuffix(a.name, "办公室") {
		a.self = "本办"
	}
	return a
}

// clone is a second copy of r, printed with its name written as name: the
// same report downloaded twice, or saved in two formats.
func (r *Report) clone(seed int64, name string) *Report {
	c := *r
	c.Seed = seed
	c.Agency = name
	c.title = strings.Replace(r.title, r.Agency, name, 1)
	return &c
}

// Group is a 区 or 县 government's summary report with the reports of its
// units for one year: some of its departments (its general office among
// them now and then) and every township and street below it. The
// summary's 表三 and 表四 are, cell for cell, the sums of the units'.
type Group struct {
	Seed    int64
	Year    int
	Summary *Report
	Units   []*Report
	// Files are the reports the batch holds: the summary and its units,
	// less those RollUpMissing leaves out.
	Files    []File
	Expected CrossExpected // of GroupOptions.Error; Kind 0 when none
}

// GroupOptions constrain GenerateGroup.
type GroupOptions struct {
	Year      int // 0 draws one
	Plain     bool
	Error     CrossKind // 0, RollUpOff or RollUpMissing
	ErrorSeed int64     // as SeriesOptions.ErrorSeed
}

// rolledUp are the tables a summary adds up from its units' (CR106).
var rolledUp = []string{requestsTable, reviewTable}

// maxGroupTowns bounds the townships and streets of a group's county,
// which a group holds every one of.
const maxGroupTowns = 8

// GenerateGroup makes a roll-up group: a county-level government whose
// divisions below are all townships or streets (at most maxGroupTowns),
// 2 to 4 of its departments, sometimes its general office, every
// township and street, and the government's summary report, titled
// 全区 (全县, 全市, 全旗), whose 表三 and 表四 add up theirs.
func GenerateGroup(seed int64, opts GroupOptions) *Group {
	rnd := rand.New(rand.NewSource(seed))
	year := opts.Year
	if year == 0 {
		year = drawYear(rnd)
	}
	p, pref, county := drawGroupCounty(rnd)
	var agencies []agency
	var kinds []AgencyKind
	for _, i := range rnd.Perm(len(depts))[:2+rnd.Intn(3)] {
		d := depts[i]
		agencies, kinds = append(agencies, countyAgency(p, pref, county, &d)), append(kinds, CountyDept)
	}
	if rnd.Intn(2) == 0 {
		d := dept{"人民政府办公厅", "人民政府办公室", "政务公开统筹协调和政务服务", "政务"}
		a := countyAgency(p, pref, county, &d)
		a.office, a.self = true, "本办"
		agencies, kinds = append(agencies, a), append(kinds, CountyDept)
	}
	for _, t := range county.Children() {
		agencies, kinds = append(agencies, townAgency(p, pref, county, t)), append(kinds, TownshipGov)
	}
	g := &Group{Seed: seed, Year: year}
	var builders []*builder
	for i, a := range agencies {
		b := newBuilder(rnd, seed*1_000_003+int64(i+1)*7_907, kinds[i], a, opts.Plain)
		builders = append(builders, b)
		g.Units = append(g.Units, b.plan(0, year, nil))
	}
	sa := countyAgency(p, pref, county, nil)
	sb := newBuilder(rnd, seed*1_000_003, CountyGov, sa, opts.Plain)
	sb.scope = "全" + lastRune(county.Name)
	sb.names = []string{sa.name, strings.TrimSuffix(sa.name, "人民政府")} // 淄博市淄川区2023年全区…
	g.Summary = sb.plan(0, year, nil)
	for _, t := range rolledUp {
		for _, k := range g.Summary.profile(t).Table(t).CellKeys() {
			sum := 0.0
			for _, u := range g.Units {
				sum += u.Cells[k]
			}
			g.Summary.Cells[k] = sum
		}
	}

	present := slices.Clone(g.Units)
	if opts.Error != 0 {
		irnd := rand.New(rand.NewSource(seed ^ 0x6a0b ^ opts.ErrorSeed*0x9e3779b1))
		g.Expected = CrossExpected{Kind: opts.Error}
		switch opts.Error {
		case RollUpOff:
			g.offSum(irnd, &g.Expected)
		case RollUpMissing:
			present = g.leaveOut(irnd, &g.Expected)
		default:
			panic("gen: a group plants RollUpOff or RollUpMissing, not " + opts.Error.String())
		}
	}
	sb.finish(g.Summary, nil)
	for i, u := range g.Units {
		builders[i].finish(u, nil)
	}
	g.Files = append(g.Files, File{Report: g.Summary, Format: Formats[int(uint64(seed)%3)]})
	for i, u := range g.Units {
		if slices.Contains(present, u) {
			g.Files = append(g.Files, File{Report: u, Format: Formats[(i+1+int(uint64(seed)%3))%len(Formats)]})
		}
	}
	return g
}

// drawGroupCounty draws a county whose divisions below are 2 to
// maxGroupTowns townships and streets, every one a real place name.
func drawGroupCounty(rnd *rand.Rand) (p, pref, county *names.Division) {
	for {
		p = oneOf(rnd, allProvinces())
		pref = nil
		above := p
		if !municipality(p) {
			prefs := childrenAt(p, 2, "市", "州")
			if len(prefs) == 0 {
				continue
			}
			pref = oneOf(rnd, prefs)
			above = pref
		}
		counties := childrenAt(above, 3, "区", "县", "市", "旗")
		if len(counties) == 0 {
			continue
		}
		county = oneOf(rnd, counties)
		kids := county.Children()
		if len(kids) < 2 || len(kids) > maxGroupTowns {
			continue
		}
		if len(childrenAt(county, 4, "镇", "乡", "街道")) == len(kids) {
			return p, pref, county
		}
	}
}

// rolledNonZero reports whether a total that a summary rolls up (a row's
// 总计 in 表三 or 表四, which CR106 compares) is non-zero in u.
func rolledNonZero(u *Report) bool {
	for _, t := range rolledUp {
		for _, row := range u.profile(t).Table(t).Rows {
			if u.Cells[t+"."+row.Key+".total"] != 0 {
				return true
			}
		}
	}
	return false
}
