package gen

import (
	"fmt"
	"maps"
	"math/rand"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/internal/names"
	"github.com/nianbao/nianbao/normalize"
	"github.com/nianbao/nianbao/validate"
)

// ErrorKind is a kind of mistake real reports make, which Inject plants.
type ErrorKind int

const (
	CellChanged    ErrorKind = iota + 1 // a part of an identity mistyped: TB101–TB104
	TotalChanged                        // a total mistyped: TB101–TB104
	RowDropped                          // a table row lost: ST105
	SectionRemoved                      // a section lost with its table: ST101
	LastYear                            // last year's year left in the title or a sentence: NU103
	PeriodEnd                           // the statistics period ends on the wrong day: NU104
	TextNumber                          // a number in the text disagrees with the table: NU102
	PlaceTypo                           // the agency's own place name with a look-alike or same-sound character: NM101
	QuotedTypo                          // a quoted proper name spelt two ways: NM102
	OldTemplate                         // a table of the other template: ST106
	TextSum                             // “共N条，其中…” whose parts do not add up: NU101
	BlankTotal                          // the 总计 column of table 三 left blank on the outcome rows: TB103 per row, TB102
	UnfilledTable                       // a table with every value blank: ST109, once for the table
	PartsMiscount                       // the preamble's 六个部分 another number (7个部分, 合水镇 2024): ST111
)

// ErrorKinds lists every kind, in the order tables print them.
var ErrorKinds = []ErrorKind{CellChanged, TotalChanged, RowDropped, SectionRemoved, LastYear, PeriodEnd, TextNumber, PlaceTypo, QuotedTypo, OldTemplate, TextSum, BlankTotal, UnfilledTable, PartsMiscount}

// VariantKinds are the kinds that are themselves real-report variants
// (blank cells), which the pipeline is still learning to read.
var VariantKinds = []ErrorKind{BlankTotal, UnfilledTable}

var errorKindNames = map[ErrorKind]string{
	CellChanged: "cell changed", TotalChanged: "total changed", RowDropped: "row dropped",
	SectionRemoved: "section removed", LastYear: "last year's year", PeriodEnd: "period end",
	TextNumber: "text vs table", PlaceTypo: "place name typo", QuotedTypo: "quoted name typo",
	OldTemplate: "other template", TextSum: "text sum", BlankTotal: "blank total column",
	UnfilledTable: "unfilled table", PartsMiscount: "parts miscounted",
}

func (k ErrorKind) String() string {
	if s, ok := errorKindNames[k]; ok {
		return s
	}
	return fmt.Sprintf("ErrorKind(%d)", int(k))
}

// Expected is the finding an injected error must produce. A finding
// matches when its rule is one of Rules (a two-letter entry stands for a
// family) and it points where the error is: Key names the finding's cell
// (or a related one; a row key matches the row's cells), Section its
// section, Text a stretch of the canonical text its span overlaps. Empty
// fields are not checked.
type Expected struct {
	Kind    ErrorKind
	Applied bool // false when r offered no place for the error and was left as it was
	Rules   []string
	Key     string
	Section string
	Text    string
	Detail  string // what was changed, for people
	// Also lists further findings the same error must produce, each
	// matched as this one is (TB103 on every row of a blank total column).
	Also []Expected
	// Once: exactly one finding may match (a table-level rule reports an
	// unfilled table once, not once per cell).
	Once bool
	// Unwanted are rules that must not report in Section: the error is
	// explained by Rules alone (an unfilled table is neither missing,
	// ST104, nor truncated, ST105).
	Unwanted []string
	// Allowed are findings the error may also cause, rightly, which are
	// neither required nor false: the prose's outcome counts (予以公开42件)
	// against a 总计 column left blank (NU102).
	Allowed []Expected
}

// Inject plants one error of kind in r and returns the finding a checker
// should report. r's truth (Cells, PeriodEnd) follows the change.
func Inject(r *Report, kind ErrorKind, rnd *rand.Rand) Expected {
	inject, ok := injectors[kind]
	if !ok {
		panic(fmt.Sprintf("gen: unknown error kind %d", kind))
	}
	e := Expected{Kind: kind}
	inject(r, rnd, &e)
	return e
}

// injectors plant each kind of error in a report, setting the expected
// finding; one that finds no place for its error leaves both as they were.
var injectors = map[ErrorKind]func(*Report, *rand.Rand, *Expected){
	CellChanged: injectCell, TotalChanged: injectCell, RowDropped: injectRow, SectionRemoved: injectSection,
	LastYear: injectYear, PeriodEnd: injectPeriod, TextNumber: injectClaim, PlaceTypo: injectPlace,
	QuotedTypo: injectQuoted, OldTemplate: injectTemplate, TextSum: injectSum, BlankTotal: injectBlankTotal,
	UnfilledTable: injectUnfilled, PartsMiscount: injectParts,
}

// instancesOf returns the identity instances of r's tables that hold key.
func instancesOf(r *Report, key string) []normalize.Instance {
	table, _, _ := strings.Cut(key, ".")
	var out []normalize.Instance
	for _, inst := range r.profile(table).Instances(table) {
		for _, k := range append(append([]string{}, inst.Left...), inst.Right...) {
			if k == key {
				out = append(out, inst)
				break
			}
		}
	}
	return out
}

// injectCell mistypes a part of an identity or, for TotalChanged, a total.
func injectCell(r *Report, rnd *rand.Rand, e *Expected) {
	total := e.Kind == TotalChanged
	// The cells of the tables with identities: a part, or a total.
	var cands []string
	for _, table := range normalize.TableKeys() {
		insts := r.profile(table).Instances(table)
		if len(insts) == 0 {
			continue
		}
		totals := map[string]bool{}
		for _, inst := range insts {
			if len(inst.Left) == 1 {
				totals[inst.Left[0]] = true
			}
		}
		for _, k := range r.profile(table).Table(table).CellKeys() {
			if _, ok := r.Cells[k]; ok && totals[k] == total {
				cands = append(cands, k)
			}
		}
	}
	key := oneOf(rnd, cands)
	old := r.Cells[key]
	d := float64(1 + rnd.Intn(9))
	v := old + d
	if old >= d && rnd.Intn(2) == 0 {
		v = old - d
	}
	r.Cells[key] = v
	r.setNumber(key) // a blank cell mistyped holds a number now
	rules := map[string]bool{}
	for _, inst := range instancesOf(r, key) {
		rules[inst.Identity.Rule] = true
	}
	*e = Expected{Kind: e.Kind, Applied: true, Rules: slices.Sorted(maps.Keys(rules)), Key: key, Detail: fmt.Sprintf("%s %s→%s", key, num(old), num(v))}
}

func injectRow(r *Report, rnd *rand.Rand, e *Expected) {
	table := requestsTable
	if rnd.Intn(10) < 3 {
		table = activeTable
	}
	rows := r.profile(table).Table(table).Rows
	row := oneOf(rnd, rows).Key
	r.dropped[table+"."+row] = true
	for k := range r.Cells {
		if strings.HasPrefix(k, table+"."+row+".") && strings.Count(k[len(table+"."+row+"."):], ".") == 0 {
			delete(r.Cells, k)
			r.setNumber(k)
		}
	}
	*e = Expected{Kind: e.Kind, Applied: true, Rules: []string{"ST105"}, Key: table + "." + row, Detail: "dropped row " + table + "." + row}
}

func injectSection(r *Report, rnd *rand.Rand, e *Expected) {
	s := oneOf(rnd, r.sections)
	s.removed = true
	if s.table != "" {
		deleteTable(r, s.table)
	}
	*e = Expected{Kind: e.Kind, Applied: true, Rules: []string{"ST101"}, Section: s.key, Detail: "removed " + s.heading}
}

func deleteTable(r *Report, table string) {
	for k := range r.Cells {
		if strings.HasPrefix(k, table+".") {
			delete(r.Cells, k)
			r.setNumber(k)
		}
	}
}

// paragraphs returns pointers to every prose paragraph of the sections
// that keep, in order.
func (r *Report) paragraphs(keys ...string) []*string {
	var out []*string
	for _, s := range r.sections {
		if s.removed || len(keys) > 0 && !contains(keys, s.key) {
			continue
		}
		for i := range s.paras {
			out = append(out, &s.paras[i])
		}
	}
	return out
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if x == y {
			return true
		}
	}
	return false
}

// around returns s[i:j] widened by up to n runes after, for an Expected
// text that is unique in the report.
func around(s string, i, j, n int) string {
	for ; n > 0 && j < len(s); n-- {
		_, w := utf8.DecodeRuneInString(s[j:])
		j += w
	}
	return s[i:j]
}

func injectYear(r *Report, rnd *rand.Rand, e *Expected) {
	y, prev := strconv.Itoa(r.Year), strconv.Itoa(r.Year-1)
	if rnd.Intn(3) == 0 {
		r.title = strings.Replace(r.title, y+"年", prev+"年", 1)
		// The title now disagrees with the period, where NU103 reports.
		*e = Expected{Kind: e.Kind, Applied: true, Rules: []string{"NU103"}, Text: y + "年1月1日", Detail: "title year " + prev}
		return
	}
	// A sentence of 一 that opens with the year, as one copied from last
	// year's report does.
	var cands []*string
	for _, p := range r.paragraphs("overview") {
		if strings.Contains(*p, y+"年，") {
			cands = append(cands, p)
		}
	}
	p := oneOf(rnd, cands)
	i := strings.Index(*p, y+"年，")
	*p = (*p)[:i] + prev + (*p)[i+len(y):]
	*e = Expected{Kind: e.Kind, Applied: true, Rules: []string{"NU103"}, Section: "overview", Text: around(*p, i, i+len(prev+"年，"), 6), Detail: "sentence year " + prev}
}

func injectPeriod(r *Report, rnd *rand.Rand, e *Expected) {
	y := strconv.Itoa(r.Year)
	wrong := oneOf(rnd, []struct{ text, date string }{{"12月30日", "12-30"}, {"11月30日", "11-30"}, {"6月30日", "06-30"}, {"12月1日", "12-01"}})
	for i, p := range r.preamble {
		if j := strings.Index(p, y+"年12月31日"); j >= 0 {
			r.preamble[i] = p[:j] + y + "年" + wrong.text + p[j+len(y+"年12月31日"):]
			r.PeriodEnd = y + "-" + wrong.date
			*e = Expected{Kind: e.Kind, Applied: true, Rules: []string{"NU104"}, Text: y + "年1月1日", Detail: "period ends " + r.PeriodEnd}
			return
		}
	}
}

// claimSite is a statement of a cell's value in the prose.
type claimSite struct {
	before, after string // the words around the number
	key           string
}

func injectClaim(r *Report, rnd *rand.Rand, e *Expected) {
	sites := []claimSite{
		{"收到政府信息公开申请", "件", "requests.new.total"},
		{"上年结转政府信息公开申请", "件", "requests.carried_over.total"},
		{"结转下年度继续办理", "件", "requests.carried_forward.total"},
		{"予以公开", "件", "requests.granted.total"},
		{"制发行政规范性文件", "件", "active.normative_docs.issued"},
		{"制发规范性文件", "件", "active.normative_docs.made"},
	}
	if r.variant.used != [nPhrasings]bool{} {
		// The real phrasings state more cells, each a place to go wrong.
		sites = append(sites,
			claimSite{"予以公开（含部分公开）", "件", "requests.granted.total"},
			claimSite{"予以公开及部分公开", "件", "requests.granted.total"},
			claimSite{"引起的行政复议案件", "件", "review.review.total"},
			claimSite{"件、行政诉讼案件", "件", "review.suit_direct.total"},
			claimSite{"件，废止", "件", "active.normative_docs.repealed"},
			claimSite{"件，现行有效", "件", "active.normative_docs.in_force"},
			claimSite{"件，新公开", "件", "active.normative_docs.published"},
			claimSite{"件，对外公开总数", "件", "active.normative_docs.total_public"},
		)
	}
	if r.inTemplate("active.normative_docs.issued") {
		// 制发规范性文件 without 行政 (the 表二 statement) is that column too.
		sites[5].key = "active.normative_docs.issued"
	}
	type hit struct {
		p    *string
		i, j int // the number
		site claimSite
	}
	var hits []hit
	for _, p := range r.paragraphs("overview") {
		for _, s := range sites {
			i := strings.Index(*p, s.before)
			if i < 0 {
				continue
			}
			i += len(s.before)
			j := i
			for j < len(*p) && (*p)[j] >= '0' && (*p)[j] <= '9' {
				j++
			}
			if j > i && strings.HasPrefix((*p)[j:], s.after) {
				hits = append(hits, hit{p, i, j, s})
			}
		}
	}
	if len(hits) == 0 {
		// 未收到政府信息公开申请 is always there when no number is.
		for _, p := range r.paragraphs("overview") {
			if i := strings.Index(*p, "未收到政府信息公开申请"); i >= 0 {
				n := strconv.Itoa(1 + rnd.Intn(9))
				*p = (*p)[:i] + "共收到政府信息公开申请" + n + "件" + (*p)[i+len("未收到政府信息公开申请"):]
				*e = Expected{Kind: e.Kind, Applied: true, Rules: []string{"NU102"}, Key: "requests.new.total", Detail: "text says " + n + " requests, table 0"}
				return
			}
		}
		return
	}
	h := oneOf(rnd, hits)
	old, _ := strconv.Atoi((*h.p)[h.i:h.j])
	d := 1 + rnd.Intn(9)
	v := old + d
	if old > d && rnd.Intn(2) == 0 {
		v = old - d
	}
	*h.p = (*h.p)[:h.i] + strconv.Itoa(v) + (*h.p)[h.j:]
	*e = Expected{Kind: e.Kind, Applied: true, Rules: []string{"NU102"}, Key: h.site.key, Detail: fmt.Sprintf("text %s%d%s, table %d", h.site.before, v, h.site.after, old)}
}

var (
	poolOnce sync.Once
	pool     []rune // the Han characters of every division name, sorted
	confMu   sync.Mutex
	confMemo = map[rune][]confusable{}
)

type confusable struct {
	r     rune
	shape bool
}

// confusablesOf lists the characters a writer or an OCR engine may put
// for c, from the characters of place names.
func confusablesOf(c rune) []confusable {
	poolOnce.Do(func() {
		seen := map[rune]bool{}
		for _, n := range names.AllNames() {
			for _, x := range n {
				if unicode.Is(unicode.Han, x) && !seen[x] {
					seen[x] = true
					pool = append(pool, x)
				}
			}
		}
		sort.Slice(pool, func(i, j int) bool { return pool[i] < pool[j] })
	})
	confMu.Lock()
	defer confMu.Unlock()
	if out, ok := confMemo[c]; ok {
		return out
	}
	var out []confusable
	for _, x := range pool {
		if sim, ok := names.Confusable(c, x); ok {
			out = append(out, confusable{x, sim.Shape})
		}
	}
	confMemo[c] = out
	return out
}

// misspell returns word with the character at one of the rune positions
// in at replaced by a confusable one, or "" when none qualifies. A
// two-character name needs a look-alike: the checker, by design, does not
// flag same-sound pairs there, which are everywhere in running text.
func misspell(rnd *rand.Rand, word string, at []int, ok func(string) bool) string {
	rs := []rune(word)
	var opts []string
	for _, i := range at {
		for _, c := range confusablesOf(rs[i]) {
			if len(rs) == 2 && !c.shape {
				continue
			}
			v := append([]rune{}, rs...)
			v[i] = c.r
			if s := string(v); ok(s) {
				opts = append(opts, s)
			}
		}
	}
	if len(opts) == 0 {
		return ""
	}
	return oneOf(rnd, opts)
}

func injectPlace(r *Report, rnd *rand.Rand, e *Expected) {
	full, short := r.place.Name, r.place.Short()
	type site struct {
		p *string
		i int
	}
	var sites []site
	for _, p := range r.paragraphs() {
		for off := 0; ; {
			i := strings.Index((*p)[off:], full)
			if i < 0 {
				break
			}
			sites = append(sites, site{p, off + i})
			off += i + len(full)
		}
	}
	if len(sites) == 0 {
		return
	}
	var at []int
	for i := range []rune(short) {
		at = append(at, i)
	}
	wrong := misspell(rnd, full, at, func(s string) bool {
		return !names.IsDivisionName(s) && !names.IsDivisionName(string([]rune(s)[:len(at)]))
	})
	if wrong == "" {
		return
	}
	s := oneOf(rnd, sites)
	*s.p = (*s.p)[:s.i] + wrong + (*s.p)[s.i+len(full):]
	*e = Expected{Kind: e.Kind, Applied: true, Rules: []string{"NM101"}, Text: wrong, Detail: full + "→" + wrong}
}

func injectQuoted(r *Report, rnd *rand.Rand, e *Expected) {
	short := r.place.Short()
	for _, qi := range rnd.Perm(len(r.quoted)) {
		q := r.quoted[qi]
		var at []int
		place := strings.Index(q, short)
		for i, c := range []rune(q) {
			// Outside the place name: a typo inside it is NM101's.
			if pos := len(string([]rune(q)[:i])); (pos < place || pos >= place+len(short)) && !strings.ContainsRune("〇一二三四五六七八九十", c) {
				at = append(at, i)
			}
		}
		wrong := misspell(rnd, q, at, func(s string) bool { return !strings.Contains(strings.Join(r.quoted, " "), s) })
		if wrong == "" {
			continue
		}
		var sites []*string
		for _, p := range r.paragraphs() {
			if strings.Contains(*p, "“"+q+"”") {
				sites = append(sites, p)
			}
		}
		if len(sites) < 2 {
			continue
		}
		p := oneOf(rnd, sites[1:]) // the first keeps the right spelling
		*p = strings.Replace(*p, "“"+q+"”", "“"+wrong+"”", 1)
		*e = Expected{Kind: e.Kind, Applied: true, Rules: []string{"NM102"}, Text: wrong, Detail: "“" + q + "”→“" + wrong + "”"}
		return
	}
}

// injectTemplate prints one table in another template, the oldest other
// than r's: table 三 with （六）其他处理 as one row or as three, or table
// 二 with the other columns.
func injectTemplate(r *Report, rnd *rand.Rand, e *Expected) {
	var p *normalize.Profile
	for _, x := range normalize.Profiles() {
		if x.Template != r.Template && (p == nil || x.FirstYear < p.FirstYear) {
			p = x
		}
	}
	table := requestsTable
	if rnd.Intn(10) < 3 {
		table = activeTable
	}
	r.tables[table] = p.Template
	switch table {
	case activeTable:
		deleteTable(r, activeTable)
		drawActive(rnd, r.Kind, p, r.Cells)
	case requestsTable:
		// The difference planted is the one between the two national
		// templates: （六）其他处理 one row, or three.
		t := p.Table(requestsTable)
		oneRow := t.Row("other") != nil
		cols := t.Columns
		for _, c := range cols {
			if oneRow {
				sum := 0.0
				for _, k := range []string{"no_correction", "fee_unpaid", "other"} {
					sum += r.Cells["requests.other."+k+"."+c.Key]
					delete(r.Cells, "requests.other."+k+"."+c.Key)
					r.setNumber("requests.other." + k + "." + c.Key)
				}
				r.Cells["requests.other."+c.Key] = sum
			}
		}
		var keep []string
		for _, row := range r.variant.unfilledRows {
			if !strings.HasPrefix(row, "requests.other") {
				keep = append(keep, row)
			}
		}
		r.variant.unfilledRows = keep
		if !oneRow {
			// Split the one row into three, keeping the row sums.
			parts := map[string][]int{}
			for _, c := range cols[:len(cols)-1] {
				v := int(r.Cells["requests.other."+c.Key])
				parts[c.Key] = split(rnd, v, []float64{3, 1, 2})
			}
			for i, k := range []string{"no_correction", "fee_unpaid", "other"} {
				sum := 0
				for _, c := range cols[:len(cols)-1] {
					r.Cells["requests.other."+k+"."+c.Key] = float64(parts[c.Key][i])
					sum += parts[c.Key][i]
				}
				r.Cells["requests.other."+k+"."+cols[len(cols)-1].Key] = float64(sum)
			}
			for _, c := range cols {
				delete(r.Cells, "requests.other."+c.Key)
				r.setNumber("requests.other." + c.Key)
			}
		}
	}
	*e = Expected{Kind: e.Kind, Applied: true, Rules: []string{"ST106"}, Section: p.Table(table).Section,
		Detail: fmt.Sprintf("table %s in the %s template", table, p.Template)}
}

// injectSum breaks the sum of the active-disclosure sentence (主动公开政府
// injectParts gives the preamble's 六个部分 another number, as an old
// preamble left in does (和平县合水镇 2024: …其他需要报告的事项7个部分组成;
// 会昌县中村乡 2020: 四个部分).
func injectParts(r *Report, rnd *rand.Rand, e *Expected) {
	const six = "六个部分"
	for i, p := range r.preamble {
		k := strings.Index(p, six)
		if k < 0 {
			continue
		}
		n := oneOf(rnd, []string{"五", "七", "四", "5", "7"})
		r.preamble[i] = p[:k] + n + p[k+len("六"):]
		*e = Expected{Kind: e.Kind, Applied: true, Rules: []string{"ST111"}, Text: n + "个部分", Detail: "六个部分 → " + n + "个部分"}
		return
	}
}

// 信息N条，其中…，其他信息共计M条): its total or its last part is
// mistyped; neither is a table cell, so only NU101 can tell.
// sameOnEveryChannel reports whether every count in s, the sentence
// after a total, is the total.
func sameOnEveryChannel(s string, total int) bool {
	n := 0
	for i := 0; i < len(s); {
		if s[i] < '0' || s[i] > '9' {
			i++
			continue
		}
		j := i
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		if v, _ := strconv.Atoi(s[i:j]); v != total {
			return false
		}
		n, i = n+1, j
	}
	return n > 0
}

func injectSum(r *Report, rnd *rand.Rand, e *Expected) {
	const lead = "主动公开政府信息"
	for _, p := range r.paragraphs("overview") {
		i := strings.Index(*p, lead)
		if i < 0 {
			continue
		}
		i += len(lead)
		j := i
		for j < len(*p) && (*p)[j] >= '0' && (*p)[j] <= '9' {
			j++
		}
		if j == i || !strings.HasPrefix((*p)[j:], "条，其中") {
			continue
		}
		total, _ := strconv.Atoi((*p)[i:j])
		if sameOnEveryChannel((*p)[j:j+strings.Index((*p)[j:], "。")], total) {
			// Each part the whole (梅河口市和平街道 2020): the parts overlap,
			// so a part mistyped larger reads as another channel's count.
			continue
		}
		d := 1 + rnd.Intn(9)
		if rnd.Intn(2) == 0 {
			// The total.
			v := total + d
			end := j + strings.Index((*p)[j:], "。")
			if total > d && (rnd.Intn(2) == 0 || partialLooking((*p)[j:end], total, v)) {
				v = total - d
			}
			*p = (*p)[:i] + strconv.Itoa(v) + (*p)[j:]
			*e = Expected{Kind: e.Kind, Applied: true, Rules: []string{"NU101"}, Section: "overview", Text: lead + strconv.Itoa(v) + "条",
				Detail: fmt.Sprintf("total %d→%d", total, v)}
			return
		}
		// The last part: the one after the last “，” of the sentence.
		end := j + strings.Index((*p)[j:], "。")
		k := strings.LastIndex((*p)[j:end], "，") + j
		m := k + len("，")
		for m < end && ((*p)[m] < '0' || (*p)[m] > '9') {
			m++
		}
		n := m
		for n < end && (*p)[n] >= '0' && (*p)[n] <= '9' {
			n++
		}
		old, _ := strconv.Atoi((*p)[m:n])
		v := old + d
		*p = (*p)[:m] + strconv.Itoa(v) + (*p)[n:]
		*e = Expected{Kind: e.Kind, Applied: true, Rules: []string{"NU101"}, Section: "overview", Text: lead + strconv.Itoa(total) + "条",
			Detail: fmt.Sprintf("last part %d→%d", old, v)}
		return
	}
}

// partialLooking says a total raised from total to v would leave the
// parts of its bare 其中 list (no 其他 among them) short by a tenth or
// more, which NU101 reads as a list naming a few kinds on purpose, as real
// reports do: an error planted that way could not be told from one.
func partialLooking(list string, total, v int) bool {
	return !strings.Contains(list, "其他") && total*10 < v*9
}

// injectBlankTotal leaves the 总计 column of table 三 blank on every
// outcome row, as real tables do, while （七）总计 and the applicant
// columns stay filled: TB103 on each row whose applicants add up to more
// than nothing, and TB102 on the 总计 column. A table with nothing
// handled offers no error.
func injectBlankTotal(r *Report, _ *rand.Rand, e *Expected) {
	p := r.profile(requestsTable)
	t := p.Table(requestsTable)
	outc := identity(p, "outcomes")
	totalCol := identity(p, "applicants").Left[0]
	total := "requests." + outc.Left[0] + "." + totalCol
	if r.Cells[total] == 0 || r.dropped["requests."+outc.Left[0]] {
		return
	}
	*e = Expected{Kind: e.Kind, Applied: true, Rules: []string{"TB102"}, Key: total,
		Detail: "总计 column blank on the outcome rows"}
	for _, row := range rowsOf(t, outc.Right) {
		if r.dropped["requests."+row] {
			continue
		}
		k := "requests." + row + "." + totalCol
		if r.Cells[k] > 0 {
			e.Also = append(e.Also, Expected{Kind: e.Kind, Applied: true, Rules: []string{"TB103"}, Key: k})
			e.Allowed = append(e.Allowed, Expected{Kind: e.Kind, Applied: true, Rules: []string{"NU102"}, Key: k})
		}
		r.Cells[k] = 0
		r.setBlank(k, blankEmpty)
	}
	r.variant.blankTotal = true
}

// injectUnfilled leaves a table with every value blank, as the national
// template is published unfilled. Only a table of zeros is left blank, so
// that the prose (未收到…, 未发生…) still agrees with it; a report with no
// such table offers no error.
func injectUnfilled(r *Report, rnd *rand.Rand, e *Expected) {
	var cands []string
	for _, t := range normalize.TableKeys() {
		keys := r.profile(t).Table(t).CellKeys()
		if _, ok := r.Cells[keys[0]]; ok && r.allZero(keys) {
			cands = append(cands, t)
		}
	}
	if len(cands) == 0 {
		return
	}
	t := oneOf(rnd, cands)
	for _, k := range r.profile(t).Table(t).CellKeys() {
		r.setBlank(k, blankEmpty)
	}
	r.variant.unfilledTable = t
	*e = Expected{Kind: e.Kind, Applied: true, Rules: []string{"ST109"}, Section: r.profile(t).Table(t).Section, Once: true, Unwanted: []string{"ST104", "ST105"},
		Detail: "table " + t + " unfilled"}
}

// Match reports whether finding f, on document doc, is the expected one.
func (e Expected) Match(f validate.Finding, doc *extract.Document) bool {
	if !e.Applied || !e.ruleMatches(f.Rule.ID) {
		return false
	}
	if e.Key != "" && !keyMatches(f, e.Key) {
		return false
	}
	if e.Section != "" && f.Section != e.Section {
		return false
	}
	if e.Text != "" && !overlaps(doc.Text, e.Text, f.Span) {
		return false
	}
	return true
}

// Found reports whether fs hold the expected finding (exactly one with
// Once) and every finding of Also, and no Unwanted rule in Section.
func (e Expected) Found(fs []validate.Finding, doc *extract.Document) bool {
	n := 0
	for _, f := range fs {
		if e.Match(f, doc) {
			n++
		}
		if contains(e.Unwanted, f.Rule.ID) && (e.Section == "" || f.Section == e.Section) {
			return false
		}
	}
	if n == 0 || e.Once && n > 1 {
		return false
	}
	for _, a := range e.Also {
		if !a.Found(fs, doc) {
			return false
		}
	}
	return true
}

// Explains reports whether finding f is one the error accounts for: the
// expected finding, one of Also or one of Allowed.
func (e Expected) Explains(f validate.Finding, doc *extract.Document) bool {
	if e.Match(f, doc) {
		return true
	}
	for _, a := range append(append([]Expected{}, e.Also...), e.Allowed...) {
		if a.Explains(f, doc) {
			return true
		}
	}
	return false
}

func (e Expected) ruleMatches(id string) bool {
	for _, r := range e.Rules {
		if r == id || len(r) == 2 && strings.HasPrefix(id, r) {
			return true
		}
	}
	return false
}

func keyMatches(f validate.Finding, key string) bool {
	if f.Key == key || strings.HasPrefix(f.Key, key+".") {
		return true
	}
	for _, r := range f.Related {
		if r.Key == key {
			return true
		}
	}
	return false
}

// overlaps reports whether span touches an occurrence of want in text, as
// written or with the ASCII punctuation of a damaged copy; an empty span
// (an insertion point) touches what it lies in.
func overlaps(text, want string, span extract.Span) bool {
	// PDF text wraps sentences across lines and sets numbers apart with
	// spaces (政府信息 34 条): look for want in the text with line breaks
	// and spaces taken out, and map the hit back.
	flat, at := unwrap(text)
	for _, w := range []string{want, asciiPunct.Replace(want)} {
		if w, _ = unwrap(w); w == "" {
			continue
		}
		for off := 0; ; {
			i := strings.Index(flat[off:], w)
			if i < 0 {
				break
			}
			s, t := at[off+i], at[off+i+len(w)-1]+1
			if span.Start < t && s < span.End || span.Start == span.End && s <= span.Start && span.Start <= t {
				return true
			}
			off += i + 1
		}
	}
	return false
}

// unwrap removes the line breaks and ASCII spaces of text; at maps each
// byte of the result to its offset in text.
func unwrap(text string) (string, []int) {
	var sb strings.Builder
	at := make([]int, 0, len(text))
	for i := 0; i < len(text); i++ {
		if text[i] == '\n' || text[i] == '\r' || text[i] == ' ' {
			continue
		}
		sb.WriteByte(text[i])
		at = append(at, i)
	}
	return sb.String(), at
}
