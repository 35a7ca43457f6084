package gen

import (
	"fmt"
	"math/rand"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/nianbao/nianbao/internal/names"
	"github.com/nianbao/nianbao/normalize"
)

// AgencyKind is the level and type of the publishing agency; it sets the place
// drawn, the shape of the agency name and the size of the numbers.
type AgencyKind int

const (
	AnyKind AgencyKind = iota
	TownshipGov
	CountyDept
	CountyGov
	PrefectureDept
	PrefectureGov
	ProvinceDept
	ProvinceGov
)

var kindNames = [...]string{"any", "township", "county-dept", "county-gov", "prefecture-dept", "prefecture-gov", "province-dept", "province-gov"}

func (k AgencyKind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("kind(%d)", int(k))
}

// Options constrain Generate; zero fields are drawn from the seed.
type Options struct {
	Year int        // reporting year; 0 draws one from the first year of the oldest template to lastYear
	Kind AgencyKind // AnyKind draws one, townships and county departments most often
	// Plain turns off the real-report variants (blank and dash cells,
	// unfilled rows, real phrasings): every zero is printed 0 and the
	// prose keeps the generator's own phrasing, the reports the pipeline
	// was first built on. A plain report is the same, byte for byte, as
	// the report of its seed before the variants were added.
	Plain bool
}

// Contact is the contact block of the preamble.
type Contact struct {
	Address  string
	Postcode string // 6 digits
	Phone    string // 0xxx-xxxxxxx
	Email    string
}

// Report is one generated report: the truth a checker should read back
// and the prose and tables the renderers print. Injected errors change it
// in place, so that what is printed and the truth never drift apart.
type Report struct {
	Seed       int64
	Kind       AgencyKind
	Template   string // the template the year calls for (normalize.TemplateFor)
	Year       int
	Agency     string // as the title prints it
	RegionCode string // code of the agency's own division (names.Division.Code)
	// PeriodStart and PeriodEnd are the statistics period as printed,
	// YYYY-MM-DD.
	PeriodStart, PeriodEnd string
	Contact                Contact
	// Cells holds every printed cell of the three tables by canonical key;
	// cells of a dropped row or a removed section are not in it.
	Cells map[string]float64
	// States holds the cells printed without a number: normalize.StateBlank
	// (an empty cell) or normalize.StateDash (—, /, 无, -); their value in
	// Cells is 0, as the identities count them. A cell not in States is
	// printed as its number.
	States map[string]normalize.State

	place    *names.Division // the agency's own division
	title    string
	scope    string // whose report the title says a summary is: 全区, 全县; "" for the agency's own
	preamble []string
	sections []*section
	quoted   []string          // quoted proper names (“投资淄川”) printed at least twice
	tables   map[string]string // template each table is printed in
	dropped  map[string]bool   // printed-row keys (table.row) left out
	marks    map[string]string // the mark printed in each dash cell
	variant  variants          // the real-report variants drawn
}

// The tables the generator fills and writes about by what their numbers
// mean (the requests of a year flow into outcomes; reviews and suits
// follow them); the profiles give their rows, columns, labels and
// identities.
const (
	activeTable   = "active"   // 表二
	requestsTable = "requests" // 表三
	reviewTable   = "review"   // 表四
)

// lastYear is the latest reporting year drawn, unless a template starts
// later.
const lastYear = 2025

// drawYear draws a reporting year from the first of the oldest template
// to lastYear or the first of the newest, whichever is later.
func drawYear(rnd *rand.Rand) int {
	first, last := 0, lastYear
	for _, p := range normalize.Profiles() {
		if first == 0 || p.FirstYear < first {
			first = p.FirstYear
		}
		last = max(last, p.FirstYear)
	}
	return first + rnd.Intn(last-first+1)
}

// section is one of the six sections as printed.
type section struct {
	key     string
	heading string // with its number: 一、总体情况
	paras   []string
	table   string // key of the table printed after paras; "" for none
	removed bool
}

// profile returns the profile a table of r is printed in.
func (r *Report) profile(table string) *normalize.Profile {
	return normalize.ProfileFor(r.tables[table])
}

// inTemplate reports whether key is a cell of r's template.
func (r *Report) inTemplate(key string) bool {
	table, _, _ := strings.Cut(key, ".")
	if t := normalize.ProfileFor(r.Template).Table(table); t != nil {
		return slices.Contains(t.CellKeys(), key)
	}
	return false
}

// Title returns the title as printed.
func (r *Report) Title() string { return r.title }

// Place returns the agency's own division.
func (r *Report) Place() *names.Division { return r.place }

// Generate makes the report of seed: the same seed and options give the
// same report, byte for byte once rendered.
func Generate(seed int64, opts Options) *Report {
	rnd := rand.New(rand.NewSource(seed))
	// The variants draw from a source of their own, so that a plain
	// report is the one its seed always gave.
	vrnd := rand.New(rand.NewSource(seed ^ 0x7a21a5e))
	year := opts.Year
	if year == 0 {
		year = drawYear(rnd)
	}
	r := newReport(seed, opts.Kind, year)
	if r.Kind == AnyKind {
		r.Kind = drawKind(rnd)
	}
	a := drawAgency(rnd, r.Kind)
	r.setAgency(a, a.name)
	r.Cells = drawCells(rnd, r.Kind, r.Template)
	r.Contact = drawContact(rnd, a)
	if !opts.Plain {
		r.drawVariants(vrnd)
	}
	writeProse(rnd, r, a, nil)
	return r
}

// newReport starts the report of seed for year: the template the year
// calls for, in every table, and nothing printed yet.
func newReport(seed int64, kind AgencyKind, year int) *Report {
	r := &Report{Seed: seed, Kind: kind, Year: year, tables: map[string]string{}, dropped: map[string]bool{},
		States: map[string]normalize.State{}, marks: map[string]string{}}
	r.Template = normalize.TemplateFor(r.Year)
	for _, t := range normalize.TableKeys() {
		r.tables[t] = r.Template
	}
	r.PeriodStart = fmt.Sprintf("%d-01-01", r.Year)
	r.PeriodEnd = fmt.Sprintf("%d-12-31", r.Year)
	return r
}

// setAgency makes a the publisher of r, its name printed as name (one
// of the ways the agency writes it).
func (r *Report) setAgency(a agency, name string) {
	r.place, r.Agency = a.place, name
	r.RegionCode = a.place.Code
}

// drawKind favours the levels that publish most reports: there are far
// more townships and county departments than provinces.
func drawKind(rnd *rand.Rand) AgencyKind {
	w := []int{0, 22, 30, 10, 16, 6, 10, 6}
	n := rnd.Intn(100)
	for k, x := range w {
		if n < x {
			return AgencyKind(k)
		}
		n -= x
	}
	return CountyDept
}

// agency is the publisher and the places its prose names.
type agency struct {
	place  *names.Division
	name   string // full name as in the title: 淄博市淄川区商务局
	short  string // how the prose names it: 淄川区商务局
	self   string // how it names itself: 本局, 我区
	dept   *dept  // nil for a people's government
	office bool   // the government's general office (人民政府办公室), dept describes it
	upper  string // the division above, full name: 淄博市
	parent *names.Division
}

// dept is a government department with the words its prose uses.
type dept struct {
	province, local string // name at province level and below
	topic           string // what it does, for the prose
	wechat          string // prefix of its WeChat account: 投资 (投资淄川)
}

var depts = []dept{
	{"商务厅", "商务局", "招商引资和对外贸易", "投资"},
	{"水利厅", "水利局", "水资源管理和水利工程建设", "水润"},
	{"教育厅", "教育局", "教育改革发展", "教育"},
	{"财政厅", "财政局", "预算管理和财政资金监管", "财政"},
	{"自然资源厅", "自然资源和规划局", "国土空间规划和自然资源保护", "自然"},
	{"生态环境厅", "生态环境局", "生态环境保护和污染防治", "美丽"},
	{"交通运输厅", "交通运输局", "交通基础设施建设", "交通"},
	{"农业农村厅", "农业农村局", "乡村振兴和农业生产", "三农"},
	{"文化和旅游厅", "文化和旅游局", "文化旅游融合发展", "文旅"},
	{"民政厅", "民政局", "基本民生保障和社会事务", "民政"},
	{"司法厅", "司法局", "法治政府建设", "法治"},
	{"审计厅", "审计局", "审计监督", "审计"},
	{"市场监督管理局", "市场监督管理局", "市场监管和食品药品安全", "市场"},
	{"卫生健康委员会", "卫生健康局", "卫生健康事业发展", "健康"},
	{"人力资源和社会保障厅", "人力资源和社会保障局", "就业创业和社会保障", "人社"},
	{"住房和城乡建设厅", "住房和城乡建设局", "住房保障和城乡建设", "住建"},
	{"应急管理厅", "应急管理局", "安全生产和应急救援", "平安"},
	{"统计局", "统计局", "统计调查和数据发布", "统计"},
	{"医疗保障局", "医疗保障局", "医疗保障和医保基金监管", "医保"},
	{"投资促进服务中心", "投资促进服务中心", "招商引资和项目服务", "投资"},
}

// badPlace marks divisions whose names no agency takes (development zones
// and other statistical units), whose short forms are not real places.
var badPlace = []string{"开发区", "园区", "管理区", "示范区", "实验区", "试验区", "高新区", "新城", "农场", "林场", "管委会", "办事处", "牧场", "矿区", "特区"}

func usable(d *names.Division, suffixes ...string) bool {
	for _, b := range badPlace {
		if strings.Contains(d.Name, b) {
			return false
		}
	}
	if utf8.RuneCountInString(d.Short()) < 2 {
		return false
	}
	for _, s := range suffixes {
		if strings.HasSuffix(d.Name, s) {
			return true
		}
	}
	return false
}

var (
	provOnce  sync.Once
	provinces []*names.Division
)

// allProvinces lists the provincial divisions of the mainland, by code;
// the data has no index by level, so every name is looked up once.
func allProvinces() []*names.Division {
	provOnce.Do(func() {
		seen := map[string]bool{}
		for _, n := range names.AllNames() {
			for _, d := range names.Lookup(n) {
				if d.Level == 1 && !seen[d.Code] && !strings.HasPrefix(d.Code, "71") && !strings.HasPrefix(d.Code, "81") && !strings.HasPrefix(d.Code, "82") {
					seen[d.Code] = true
					provinces = append(provinces, d)
				}
			}
		}
		sort.Slice(provinces, func(i, j int) bool { return provinces[i].Code < provinces[j].Code })
	})
	return provinces
}

func childrenAt(d *names.Division, level int, suffixes ...string) []*names.Division {
	var out []*names.Division
	for _, c := range d.Children() {
		if c.Level == level && usable(c, suffixes...) {
			out = append(out, c)
		}
	}
	return out
}

func oneOf[T any](rnd *rand.Rand, xs []T) T { return xs[rnd.Intn(len(xs))] }

// municipality reports a province-level city (北京, 上海, 天津, 重庆),
// whose departments are 局 and 委 rather than 厅 and whose districts sit
// directly below it.
func municipality(p *names.Division) bool { return strings.HasSuffix(p.Name, "市") }

func drawAgency(rnd *rand.Rand, kind AgencyKind) agency {
	for {
		p := oneOf(rnd, allProvinces())
		var pref, county, town *names.Division
		if !municipality(p) {
			prefs := childrenAt(p, 2, "市", "州")
			if len(prefs) == 0 {
				continue
			}
			pref = oneOf(rnd, prefs)
		} else if kind == PrefectureGov || kind == PrefectureDept {
			continue // a province-level city has no prefectures
		}
		if kind <= CountyGov {
			above := pref
			if above == nil {
				above = p
			}
			counties := childrenAt(above, 3, "区", "县", "市", "旗")
			if len(counties) == 0 {
				continue
			}
			county = oneOf(rnd, counties)
		}
		if kind == TownshipGov {
			towns := childrenAt(county, 4, "镇", "乡", "街道")
			if len(towns) == 0 {
				continue
			}
			town = oneOf(rnd, towns)
		}
		return nameAgency(rnd, kind, p, pref, county, town)
	}
}

func nameAgency(rnd *rand.Rand, kind AgencyKind, p, pref, county, town *names.Division) agency {
	switch kind {
	case TownshipGov:
		return townAgency(p, pref, county, town)
	case CountyGov:
		return countyAgency(p, pref, county, nil)
	case CountyDept:
		d := oneOf(rnd, depts)
		return countyAgency(p, pref, county, &d)
	}
	a := agency{}
	switch kind {
	case PrefectureGov, PrefectureDept:
		a.place, a.parent, a.upper = pref, p, p.Name
		if kind == PrefectureGov {
			a.name = pref.Name + "人民政府"
			a.self = "我" + lastRune(pref.Name)
		} else {
			d := oneOf(rnd, depts)
			a.dept = &d
			a.name = pref.Name + d.local
		}
		a.short = a.name
	default:
		a.place, a.upper = p, ""
		if kind == ProvinceGov {
			a.name = p.Name + "人民政府"
			a.self = "我" + lastRune(p.Name)
		} else {
			d := oneOf(rnd, depts)
			if municipality(p) {
				d.province = d.local
			}
			a.dept = &d
			a.name = p.Name + d.province
		}
		a.short = a.name
	}
	if a.dept != nil {
		a.self = selfOf(a.name)
	}
	return a
}

// townAgency is the government of town (a township or a street) in county.
func townAgency(p, pref, county, town *names.Division) agency {
	a := agency{place: town, parent: county, upper: county.Name}
	prefix := p.Name // the divisions above the county, as a county agency writes them
	if pref != nil {
		prefix = pref.Name
	}
	body := "人民政府"
	switch {
	case strings.HasSuffix(town.Name, "街道"):
		body = "办事处"
		a.self = "本街道"
	case strings.HasSuffix(town.Name, "镇"):
		a.self = "我镇"
	case strings.HasSuffix(town.Name, "乡"):
		a.self = "我乡"
	default:
		a.self = "本机关"
	}
	a.name = prefix + county.Name + town.Name + body
	a.short = town.Name + body
	return a
}

// countyAgency is the government of county, or its department d.
func countyAgency(p, pref, county *names.Division, d *dept) agency {
	prefix := p.Name
	if pref != nil {
		prefix = pref.Name
	}
	a := agency{place: county, parent: pref, upper: prefix}
	if pref == nil {
		a.parent = p
	}
	if d == nil {
		a.name = prefix + county.Name + "人民政府"
		a.short = county.Name + "人民政府"
		a.self = "我" + lastRune(county.Name)
		return a
	}
	a.dept = d
	a.name = prefix + county.Name + d.local
	a.short = county.Name + d.local
	a.self = selfOf(a.name)
	return a
}

func lastRune(s string) string {
	_, n := utf8.DecodeLastRuneInString(s)
	return s[len(s)-n:]
}

// selfOf is how a department refers to itself: 本局, 本厅, 本委, 本中心.
func selfOf(name string) string {
	switch {
	case strings.HasSuffix(name, "委员会"):
		return "本委"
	case strings.HasSuffix(name, "中心"):
		return "本中心"
	}
	return "本" + lastRune(name)
}

var roads = []string{"人民路", "建设路", "解放路", "文化路", "中山路", "新华路", "府前街", "行政路", "政务路", "青年路", "光明路", "和平路", "迎宾大道", "世纪大道"}

func drawContact(rnd *rand.Rand, a agency) Contact {
	// Offices above the county sit in the seat's first district; the
	// divisions are ordered by code, and the seat comes first.
	seat := a.place
	for seat.Level < 3 {
		kids := childrenAt(seat, seat.Level+1, "市", "州", "区", "县")
		if len(kids) == 0 {
			kids = childrenAt(seat, 3, "区", "县", "市")
		}
		if len(kids) == 0 {
			break
		}
		seat = kids[0]
	}
	addr := seat.FullName()
	if a.place.Level == 4 {
		addr += oneOf(rnd, roads) + fmt.Sprint(1+rnd.Intn(99)) + "号"
	} else {
		addr += oneOf(rnd, roads) + fmt.Sprint(1+rnd.Intn(299)) + "号"
	}
	area := fmt.Sprintf("0%d", 10+rnd.Intn(90))
	if rnd.Intn(3) > 0 {
		area = fmt.Sprintf("0%d", 310+rnd.Intn(600))
	}
	digits := 7
	if len(area) == 3 {
		digits = 8
	}
	phone := area + "-" + fmt.Sprint(2+rnd.Intn(8))
	for i := 1; i < digits; i++ {
		phone += fmt.Sprint(rnd.Intn(10))
	}
	code := a.place.Code
	mail := oneOf(rnd, []string{"zwgk", "xxgk", "bgs", "gkb"}) + code[:min(len(code), 6)]
	domain := oneOf(rnd, []string{"163.com", "126.com", "gov.cn", "qq.com"})
	if domain == "gov.cn" {
		domain = "zwgk." + domain
	}
	return Contact{
		Address:  addr,
		Postcode: fmt.Sprintf("%d%05d", 1+rnd.Intn(8), rnd.Intn(100000)),
		Phone:    phone,
		Email:    mail + "@" + domain,
	}
}
