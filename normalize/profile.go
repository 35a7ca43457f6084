package normalize

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"
)

// The built-in profiles are profiles/*.json as Go values
// (profile_gen.go), which the linker lays out ready: decoding the JSON at
// every start took 0.4–0.65 ms of the CPU of checking one report, a cold
// process's first. TestProfileGen fails when profile_gen.go no longer
// matches the files; regenerate it with go generate. A template added at
// run time (AddProfile) is still JSON.
//
//go:generate go test -run TestProfileGen -update .

// Profile is one national template: the tables it prescribes, their
// labels, canonical keys and identities. Profiles are data
// (profiles/*.json); adding a template means adding a file.
type Profile struct {
	Template   string       `json:"template"`   // "2019", "2021"
	Name       string       `json:"name"`       // the notice that set the template
	Notice     string       `json:"notice"`     // that notice as a report's preamble cites it
	FirstYear  int          `json:"first_year"` // first reporting year the template applies to
	LastYear   int          `json:"last_year"`  // last one; 0 while it is in force
	Tables     []*TableSpec `json:"tables"`
	Identities []*Identity  `json:"identities"`
	// KeyNumbers are the numbers a batch summary gives for each report
	// that follows the template, in column order.
	KeyNumbers []*KeyNumber `json:"key_numbers"`
	// Chains are the identities between an agency's report of a year and
	// its report of the year before, checked across reports.
	Chains []*Chain `json:"chains"`
	// RollUp are the tables a government's summary report adds up from
	// its departments' and subordinate governments' reports.
	RollUp []string `json:"roll_up"`
}

// Chain is an identity between two consecutive reports of one agency: in
// the later report's table, cell This equals the earlier report's cell
// Previous plus the later report's Plus minus its Minus (上年结转 = last
// year's 结转下年度; 现行有效 = last year's 现行有效 + 制发 − 废止).
//
// With Each "column", This, Previous, Plus and Minus are rows and the
// identity holds in each column of This; with Each "row" they are
// columns and it holds in each of Rows.
type Chain struct {
	Relation          // Rule is the cross-report rule that checks it (CR101 …)
	Rows     []string `json:"rows,omitempty"`
	This     string   `json:"this"`
	Previous string   `json:"previous"`
	Plus     []string `json:"plus,omitempty"`
	Minus    []string `json:"minus,omitempty"`
}

// ChainInstance is one concrete chain: cell keys, This, Plus and Minus in
// the later report, Previous in the earlier.
type ChainInstance struct {
	Chain    *Chain
	Along    string // the column or row the instance is for
	This     string
	Previous string
	Plus     []string
	Minus    []string
}

// Instances spells c out over the table of the later report's profile p.
func (c *Chain) Instances(p *Profile) []ChainInstance {
	t := p.Table(c.Table)
	if t == nil {
		return nil
	}
	key := func(row, col string) string { return c.Table + "." + row + "." + col }
	keys := func(parts []string, fix string, rowsFixed bool) []string {
		var out []string
		for _, x := range parts {
			if rowsFixed {
				out = append(out, key(fix, x))
			} else {
				out = append(out, key(x, fix))
			}
		}
		return out
	}
	var out []ChainInstance
	switch c.Each {
	case "row":
		for _, row := range c.Rows {
			out = append(out, ChainInstance{Chain: c, Along: row, This: key(row, c.This), Previous: key(row, c.Previous),
				Plus: keys(c.Plus, row, true), Minus: keys(c.Minus, row, true)})
		}
	default:
		rs := t.Row(c.This)
		if rs == nil {
			return nil
		}
		for _, col := range t.RowColumns(rs) {
			out = append(out, ChainInstance{Chain: c, Along: col, This: key(c.This, col), Previous: key(c.Previous, col),
				Plus: keys(c.Plus, col, false), Minus: keys(c.Minus, col, false)})
		}
	}
	return out
}

// KeyNumber is a number a batch summary gives for each report: the sum of
// Cells, headed by Label.
type KeyNumber struct {
	Label string   `json:"label"` // 本年新收总计
	Cells []string `json:"cells"` // canonical cell keys
}

// Layouts of a table: how the template prints it.
const (
	// LayoutBlocks is 表二's: blocks of rows, each under its caption (the
	// rows' Block) and a header row of the columns its rows fill.
	LayoutBlocks = "blocks"
	// LayoutRows is 表三's: a header band, then a row for each row key,
	// grouped rows under their group labels.
	LayoutRows = "rows"
	// LayoutColumns is 表四's, and the default: each row key heads a band
	// of the columns, over one row of numbers.
	LayoutColumns = "columns"
)

// TableSpec describes one standard table.
type TableSpec struct {
	Key     string       `json:"key"`     // "active", "requests", "review"
	Section string       `json:"section"` // key of the section holding the table
	Title   string       `json:"title"`
	TitleEn string       `json:"title_en"`
	Hint    string       `json:"hint"`    // what tells this template's table from the others
	Headers []string     `json:"headers"` // caption and header texts that carry no numbers
	Columns []*ColSpec   `json:"columns"`
	Groups  []*GroupSpec `json:"groups"` // group labels of rows, e.g. （三）不予公开
	Rows    []*RowSpec   `json:"rows"`
	// Layout is how the template prints the table (LayoutBlocks …);
	// LabelHeader heads the row labels (信息内容) and ColumnHeader spans
	// every value column (申请人情况), where the template prints them.
	Layout       string `json:"layout"`
	LabelHeader  string `json:"label_header"`
	ColumnHeader string `json:"column_header"`

	cands []candidate        // every label folded once, for matching
	runes map[rune][]runeUse // the labels that hold each character
	hits  hitCache           // answers of matchLabel
	// canonFolded is Fold of each canonical label, for labelUse.
	canonFolded map[string]string

	cellsOnce sync.Once
	cells     cellKeys
	allOnce   sync.Once
	all       []string // the keys of every column, for RowColumns
}

// cellKeys are, for each row of a table spec, the canonical keys and the
// column specs of its cells, made once rather than for every report.
type cellKeys struct {
	keys [][]string
	cols [][]*ColSpec
	n    int // cells in all
}

func (t *TableSpec) cellKeys() *cellKeys {
	t.cellsOnce.Do(func() {
		all := t.CellKeys()
		cols := make([]*ColSpec, 0, len(all))
		t.cells.keys = make([][]string, 0, len(t.Rows))
		t.cells.cols = make([][]*ColSpec, 0, len(t.Rows))
		for _, rs := range t.Rows {
			rc := t.RowColumns(rs)
			keys := all[:len(rc):len(rc)]
			all = all[len(rc):]
			start := len(cols)
			for _, col := range rc {
				cols = append(cols, t.Column(col))
			}
			t.cells.keys = append(t.cells.keys, keys)
			t.cells.cols = append(t.cells.cols, cols[start:len(cols):len(cols)])
			t.cells.n += len(keys)
		}
	})
	return &t.cells
}

// candidate is a template label ready for matching.
type candidate struct {
	kind, key, canon, group string
	folded                  []rune
	alias                   bool
}

// prepare folds the table's labels and indexes them. The tables are
// sized first and the folded labels share one slab of runes: built by
// appending, a cold check's preparation of both templates allocated 125
// KB, most of it outgrown arrays.
func (t *TableSpec) prepare() {
	n, canons, size := len(t.Headers), len(t.Headers), 0
	count := func(label string, aliases []string) {
		n, canons = n+1+len(aliases), canons+1
		size += utf8.RuneCountInString(label)
		for _, a := range aliases {
			size += utf8.RuneCountInString(a)
		}
	}
	for _, h := range t.Headers {
		size += utf8.RuneCountInString(h)
	}
	for _, c := range t.Columns {
		count(c.Label, c.Aliases)
	}
	for _, g := range t.Groups {
		count(g.Label, g.Aliases)
	}
	for _, r := range t.Rows {
		count(r.Label, r.Aliases)
	}
	t.cands = slices.Grow(t.cands, n)
	if t.canonFolded == nil {
		t.canonFolded = make(map[string]string, canons)
	}
	// Folding seldom lengthens a label; a slab outgrown is replaced.
	slab := make([]rune, 0, size)
	add := func(kind, key, group, canon string, aliases []string) {
		for i := -1; i < len(aliases); i++ {
			l := canon
			if i >= 0 {
				l = aliases[i]
			}
			fl := Fold(l)
			k := utf8.RuneCountInString(fl)
			if len(slab)+k > cap(slab) {
				slab = make([]rune, 0, max(k, 256))
			}
			start := len(slab)
			for _, r := range fl {
				slab = append(slab, r)
			}
			f := slab[start:len(slab):len(slab)]
			if i < 0 {
				t.canonFolded[canon] = string(f)
			}
			t.cands = append(t.cands, candidate{kind: kind, key: key, canon: canon, group: group, folded: f, alias: i >= 0})
		}
	}
	for _, h := range t.Headers {
		add("header", "", "", h, nil)
	}
	for _, c := range t.Columns {
		add("column", c.Key, "", c.Label, c.Aliases)
	}
	for _, g := range t.Groups {
		add("group", g.Key, "", g.Label, g.Aliases)
	}
	for _, r := range t.Rows {
		add("row", r.Key, r.Group, r.Label, r.Aliases)
	}
	t.index()
}

// LabelSpec is a text the template prints, with its accepted variants.
type LabelSpec struct {
	Key     string   `json:"key"`
	Label   string   `json:"label"`
	Aliases []string `json:"aliases"`
	Number  string   `json:"number"` // numbering the template prints before the label
	En      string   `json:"en"`     // the label in English, for English messages
	Parent  string   `json:"parent"` // a header the template prints across it and its neighbours (法人或其他组织)
}

// GroupSpec is a group label of rows. Group names the group it sits in,
// as （三）不予公开 sits in 三、本年度办理结果; "" for an outermost one.
type GroupSpec struct {
	LabelSpec
	Group string `json:"group"`
}

// ColSpec is a column of a table.
type ColSpec struct {
	LabelSpec
	Unit    string `json:"unit"`    // "万元" for money columns
	Decimal bool   `json:"decimal"` // fractional values are allowed
	Signed  bool   `json:"signed"`  // negative values are allowed (本年增/减)
}

// RowSpec is a row of a table. Columns lists the keys of the columns this
// row fills; empty means every column of the table.
type RowSpec struct {
	LabelSpec
	Group   string   `json:"group"`
	Columns []string `json:"columns"`
	Block   string   `json:"block"` // the caption of the block it sits in (表二's 第二十条第（一）项)
}

// Identity is an arithmetic identity that must hold: for each instance,
// the sum of Left equals the sum of Right. Each says how it repeats:
// "column" repeats over columns, Left and Right naming rows; "row" repeats
// over rows, Left and Right naming columns. A name ending in ".*" stands for
// every row with that prefix.
type Identity struct {
	Relation          // Rule is the validate rule that checks it (TB101 …)
	Left     []string `json:"left"`
	Right    []string `json:"right"`
}

// Relation is what identities and chains share: what they are called,
// the rule that checks them, the table and how they repeat over it.
type Relation struct {
	ID    string `json:"id"`
	Rule  string `json:"rule"`
	Table string `json:"table"`
	Each  string `json:"each"` // "column" or "row"
	Title string `json:"title"`
}

// Instance is one concrete identity: cell keys on each side.
type Instance struct {
	Identity *Identity
	Along    string   // the column or row the instance is for
	Left     []string // canonical cell keys
	Right    []string
}

// SectionSpec is one of the six sections.
type SectionSpec struct {
	Key       string   `json:"key"`
	Number    string   `json:"number"` // 一 … 六
	Heading   string   `json:"heading"`
	Aliases   []string `json:"aliases"`
	Signature []string `json:"signature"` // phrases typical of the body
	// LaterAliases are headings found in real reports after the
	// generator's draws were fixed (一、概述: 渠县教育和科学技术局 2020):
	// read like Aliases, but the generator draws them from a source of
	// its own, so that adding one moves no other generated report.
	LaterAliases []string `json:"later_aliases,omitempty"`
	// Yearly marks the sections an agency writes anew each year, its own
	// account of the year's work and problems (一, 五), where text repeated
	// from last year's report means it was not rewritten (CR103). The
	// others are tables, or statutory items whose answers (未收取信息处理费,
	// 无) rightly stay the same.
	Yearly bool `json:"yearly,omitempty"`

	folded [][]rune // heading and aliases, folded once
	sorted [][]rune // each of folded in order, for commonRunes
}

var (
	loadOnce sync.Once
	mu       sync.RWMutex // guards profiles against AddProfile
	profiles map[string]*Profile
	// profileList is profiles sorted by template, for Profiles.
	profileList []*Profile
	// profileGen counts the times profileList was made, so that what is
	// derived from it (TableKeys) knows when to make itself again.
	profileGen int
	sections   []*SectionSpec
	loadErr    error
)

func load() {
	profiles = map[string]*Profile{}
	defer sortProfiles() // whatever was loaded, as Profiles always gave
	sections = builtinSections
	for _, s := range sections {
		for _, h := range slices.Concat([]string{s.Heading}, s.Aliases, s.LaterAliases) {
			f := []rune(Fold(h))
			s.folded = append(s.folded, f)
			s.sorted = append(s.sorted, sortedRunes(f))
		}
	}
	for _, p := range builtinProfiles {
		if err := prepareProfile(p); err != nil {
			loadErr = fmt.Errorf("normalize: profile %s: %w", p.Template, err)
			return
		}
		profiles[p.Template] = p
	}
}

func parseProfile(raw []byte) (*Profile, error) {
	p := new(Profile)
	if err := json.Unmarshal(raw, p); err != nil {
		return nil, err
	}
	return p, prepareProfile(p)
}

// prepareProfile checks a decoded profile and readies its tables.
func prepareProfile(p *Profile) error {
	if p.Template == "" || p.FirstYear == 0 || len(p.Tables) == 0 {
		return fmt.Errorf("profile needs template, first_year and tables")
	}
	for _, t := range p.Tables {
		t.prepare()
	}
	return nil
}

// AddProfile adds a template from its JSON (the form of profiles/*.json),
// or replaces the one of the same name: a template published after this
// build is a file, not a code change. Add it before reading reports.
func AddProfile(raw []byte) error {
	loadOnce.Do(load)
	p, err := parseProfile(raw)
	if err != nil {
		return fmt.Errorf("normalize: profile: %w", err)
	}
	mu.Lock()
	defer mu.Unlock()
	profiles[p.Template] = p
	sortProfiles()
	return nil
}

// Profiles returns the known templates, oldest first.
func Profiles() []*Profile {
	loadOnce.Do(load)
	mu.RLock()
	defer mu.RUnlock()
	// A copy of the sorted list: callers may sort it their own way.
	return slices.Clone(profileList)
}

// sortProfiles makes profileList from profiles; mu is held or no one
// else can see them yet. Reading a table asks for the profiles several
// times, and they change only when one is added.
func sortProfiles() {
	profileGen++
	profileList = profileList[:0]
	for _, p := range profiles {
		profileList = append(profileList, p)
	}
	sort.Slice(profileList, func(i, j int) bool { return profileList[i].Template < profileList[j].Template })
}

// TemplateFor returns the template that applies to a reporting year: the
// latest profile whose years hold it. Year 0 (unknown) gets the newest
// template, years before the first template the oldest.
func TemplateFor(year int) string {
	ps := Profiles()
	if len(ps) == 0 {
		return ""
	}
	sort.Slice(ps, func(i, j int) bool { return ps[i].FirstYear < ps[j].FirstYear })
	if year == 0 {
		return ps[len(ps)-1].Template
	}
	// The latest template that had started by that year.
	best := ps[0]
	for _, p := range ps {
		if p.FirstYear <= year && (p.LastYear == 0 || year <= p.LastYear) {
			best = p
		}
	}
	return best.Template
}

// TableKeys lists the standard tables in report order (the order of the
// sections that hold them), from the newest template.
//
// The list is made once for each set of profiles and copied at every
// call: validate asks for it in several rules of every report, and
// making it took some 50 allocations a report.
func TableKeys() []string {
	loadOnce.Do(load)
	mu.RLock()
	gen := profileGen
	mu.RUnlock()
	tableKeys.Lock()
	defer tableKeys.Unlock()
	if tableKeys.gen != gen {
		tableKeys.keys, tableKeys.gen = makeTableKeys(), gen
	}
	return slices.Clone(tableKeys.keys)
}

// tableKeys is the list TableKeys copies, made from the profiles of
// generation gen (0: none yet).
var tableKeys struct {
	sync.Mutex
	gen  int
	keys []string
}

func makeTableKeys() []string {
	p := ProfileFor(TemplateFor(0))
	if p == nil {
		return nil
	}
	order := map[string]int{}
	for i, s := range Sections() {
		order[s.Key] = i
	}
	keys := make([]string, 0, len(p.Tables))
	for _, t := range p.Tables {
		keys = append(keys, t.Key)
	}
	sort.SliceStable(keys, func(i, j int) bool { return order[p.Table(keys[i]).Section] < order[p.Table(keys[j]).Section] })
	return keys
}

// ProfileFor returns the profile of a template, or nil.
func ProfileFor(template string) *Profile {
	loadOnce.Do(load)
	mu.RLock()
	defer mu.RUnlock()
	return profiles[template]
}

// Sections returns the six section specs in order.
func Sections() []*SectionSpec {
	loadOnce.Do(load)
	return sections
}

// Table returns the spec of the table key, or nil.
func (p *Profile) Table(key string) *TableSpec { return byKey(p.Tables, key) }

// Column returns the column spec of key, or nil.
func (t *TableSpec) Column(key string) *ColSpec { return byKey(t.Columns, key) }

// Row returns the row spec of key, or nil.
func (t *TableSpec) Row(key string) *RowSpec { return byKey(t.Rows, key) }

// Group returns the group spec of key, or nil.
func (t *TableSpec) Group(key string) *GroupSpec { return byKey(t.Groups, key) }

// OuterGroup returns the outermost group that group key sits in, or key
// when it sits in none.
func (t *TableSpec) OuterGroup(key string) string {
	// Nesting is never deeper than the groups are many; the bound also
	// ends a loaded profile's circle of groups.
	for range t.Groups {
		g := t.Group(key)
		if g == nil || g.Group == "" {
			break
		}
		key = g.Group
	}
	return key
}

// keyed is a spec found by its key.
type keyed interface{ keyOf() string }

func (t *TableSpec) keyOf() string { return t.Key }
func (l *LabelSpec) keyOf() string { return l.Key }

// byKey returns the spec of key in specs, or nil: a profile's lists are
// short enough to scan.
func byKey[T keyed](specs []T, key string) T {
	for _, s := range specs {
		if s.keyOf() == key {
			return s
		}
	}
	var none T
	return none
}

// RowColumns returns the column keys row r fills. The slice is the
// spec's own: callers must not change it.
func (t *TableSpec) RowColumns(r *RowSpec) []string {
	if len(r.Columns) > 0 {
		return r.Columns
	}
	// Every column: made once, for reading a table asks it of every row.
	t.allOnce.Do(func() {
		t.all = make([]string, len(t.Columns))
		for i, c := range t.Columns {
			t.all[i] = c.Key
		}
	})
	return t.all
}

// CellKeys returns every canonical cell key of the table, in template
// order (rows, then columns).
//
// The keys are cut from one string: made one by one, they were a few
// thousand allocations of a cold check, each template's keys made twice
// (for reading tables and for validate's sorted list).
func (t *TableSpec) CellKeys() []string {
	n, size := 0, 0
	for _, r := range t.Rows {
		for _, c := range t.RowColumns(r) {
			n++
			size += len(t.Key) + len(r.Key) + len(c) + 2
		}
	}
	var b strings.Builder
	b.Grow(size)
	for _, r := range t.Rows {
		for _, c := range t.RowColumns(r) {
			b.WriteString(t.Key)
			b.WriteByte('.')
			b.WriteString(r.Key)
			b.WriteByte('.')
			b.WriteString(c)
		}
	}
	all := b.String()
	keys := make([]string, 0, n)
	for _, r := range t.Rows {
		for _, c := range t.RowColumns(r) {
			k := len(t.Key) + len(r.Key) + len(c) + 2
			keys = append(keys, all[:k])
			all = all[k:]
		}
	}
	return keys
}

var derivedCache sync.Map // *Profile → map[string]bool

// Derived returns the cells whose value others fix: the one cell on the
// left of an identity (总计 column, （七）总计 row), and the cells a chain
// carries over from the same cell of last year. Two reports agreeing on
// them says little of whether one copied the other.
func (p *Profile) Derived() map[string]bool {
	if d, ok := derivedCache.Load(p); ok {
		return d.(map[string]bool)
	}
	out := map[string]bool{}
	for _, inst := range p.Instances("") {
		if len(inst.Left) == 1 {
			out[inst.Left[0]] = true
		}
	}
	for _, ch := range p.Chains {
		for _, in := range ch.Instances(p) {
			if in.This == in.Previous {
				out[in.This] = true
			}
		}
	}
	d, _ := derivedCache.LoadOrStore(p, out)
	return d.(map[string]bool)
}

// instanceKey names the instances of one profile's table ("" for all).
type instanceKey struct {
	p     *Profile
	table string
}

var instanceCache sync.Map // instanceKey → []Instance

// Instances expands the profile's identities into concrete ones. The
// rules ask for them per claim and per cell, so each table's are expanded
// once and shared: callers read them and must not change them.
func (p *Profile) Instances(table string) []Instance {
	k := instanceKey{p, table}
	if v, ok := instanceCache.Load(k); ok {
		return v.([]Instance)
	}
	v, _ := instanceCache.LoadOrStore(k, slices.Clip(p.instances(table)))
	return v.([]Instance)
}

func (p *Profile) instances(table string) []Instance {
	var out []Instance
	for _, id := range p.Identities {
		t := p.Table(id.Table)
		if t == nil || (table != "" && id.Table != table) {
			continue
		}
		switch id.Each {
		case "column":
			for _, c := range t.Columns {
				inst := Instance{Identity: id, Along: c.Key}
				inst.Left = expandRows(t, id.Left, c.Key)
				inst.Right = expandRows(t, id.Right, c.Key)
				out = append(out, inst)
			}
		case "row":
			for _, r := range t.Rows {
				inst := Instance{Identity: id, Along: r.Key}
				for _, c := range id.Left {
					inst.Left = append(inst.Left, t.Key+"."+r.Key+"."+c)
				}
				for _, c := range id.Right {
					inst.Right = append(inst.Right, t.Key+"."+r.Key+"."+c)
				}
				out = append(out, inst)
			}
		}
	}
	return out
}

func expandRows(t *TableSpec, names []string, col string) []string {
	var keys []string
	for _, n := range names {
		if prefix, ok := strings.CutSuffix(n, ".*"); ok {
			for _, r := range t.Rows {
				if strings.HasPrefix(r.Key, prefix+".") {
					keys = append(keys, t.Key+"."+r.Key+"."+col)
				}
			}
			continue
		}
		keys = append(keys, t.Key+"."+n+"."+col)
	}
	return keys
}
