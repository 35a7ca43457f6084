package names

import (
	_ "embed"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"
)

var (
	//go:embed data/div_mca_county_2024.tsv
	mcaTSV string
	//go:embed data/div_nbs_2023.tsv
	nbsTSV string
	//go:embed data/div_mca_history_1981_2024.tsv
	historyTSV string
)

// Division is one administrative division: a province, prefecture, county or
// township, with the chain of divisions above it.
type Division struct {
	// Code is the MCA 6-digit code (GB/T 2260, 2024) for county level and
	// above, and the NBS 9-digit statistical code (2023) for townships.
	// County-level statistical units that MCA does not list, such as
	// development zones, keep their NBS 6-digit code.
	Code string
	// Name is the official full name, e.g. 淄川区 or 二郎街道.
	Name string
	// Level is 1 for a province, 2 prefecture, 3 county, 4 township.
	Level int
	// Parent is the division directly above, nil for a province. County-level
	// units directly under a province (省直辖县级行政区划) have the province
	// as Parent.
	Parent *Division

	short    string
	children []*Division
	nbsOnly  bool // county-level statistical unit that MCA does not list
	// kids is where children lie in atlas.bin's list of children, for
	// an atlas loaded from it (see atlas.children).
	kids [2]int32
}

// Short returns the name without its type suffix (淄川区→淄川,
// 广西壮族自治区→广西, 二郎街道→二郎), or Name itself where removing the
// suffix would leave a single character (沙县) or the name has no regular
// suffix (苏州工业园区).
func (d *Division) Short() string { return d.short }

// Children returns the divisions directly below d, ordered by code.
func (d *Division) Children() []*Division { return loadAtlas().children(d) }

// Ancestors returns d's parent, grandparent and so on up to the province.
func (d *Division) Ancestors() []*Division {
	var out []*Division
	for p := d.Parent; p != nil; p = p.Parent {
		out = append(out, p)
	}
	return out
}

// FullName joins the names from the province down to d, e.g.
// 山东省淄博市淄川区.
func (d *Division) FullName() string {
	if d.Parent == nil {
		return d.Name
	}
	return d.Parent.FullName() + d.Name
}

// String returns the code and the full name, for logs and test failures.
func (d *Division) String() string { return d.Code + " " + d.FullName() }

// descends reports whether d is a or lies below a.
func (d *Division) descends(a *Division) bool {
	for x := d; x != nil; x = x.Parent {
		if x == a {
			return true
		}
	}
	return false
}

// former is a county-level-or-above name that went out of use between 1981
// and 2024, with the codes that replaced it.
type former struct {
	code, name string
	next       string // upstream new_codes: codes separated by ;, each maybe with a [year]
}

// atlas is every division and the indexes over them, built once on first
// use. The indexes hold int32 positions into all rather than pointers and
// slices, because loading runs on every CLI start and allocations and map
// writes dominate its cost.
type atlas struct {
	// all holds the divisions of an atlas parsed from the TSV files; one
	// loaded from atlas.bin makes them as they are reached (see lazy).
	// Either way atlas.div finds them.
	all []Division
	// byCode indexes county level and above; townships are found through
	// their county's children.
	byCode codeIndex
	// byName maps full names and short forms to positions in all; a short
	// form that equals another division's full name holds both.
	byName *nameTable
	// formers are the out-of-use names (see former; nil in an atlas
	// loaded from atlas.bin); formerNames indexes their full and short
	// forms and formerCodes their codes, both into formers.
	formers     []former
	formerNames *nameTable
	formerCodes *nameTable
	// maxLen is the longest name in bytes, to bound substring scans.
	maxLen int
	// lazy, for an atlas loaded from atlas.bin, fills in the divisions
	// of all as they are reached: every *Division the package hands out
	// comes through atlas.div or atlas.children.
	lazy *lazy
}

// loadAtlas loads the divisions on first use, once, from the form
// parseAtlas builds (see atlasbin.go).
var loadAtlas = sync.OnceValue(func() *atlas { return decodeAtlas(atlasBin) })

func parseAtlas() *atlas {
	rows := strings.Count(mcaTSV, "\n") + strings.Count(nbsTSV, "\n")
	a := &atlas{
		all:         make([]Division, 0, rows),
		byCode:      codeIndex{m: make(map[string]int32, 3600)},
		byName:      newNameTable(2 * rows),
		formerNames: newNameTable(8000),
		formerCodes: newNameTable(4000),
	}
	add := func(code, name string, level int, nbsOnly bool) {
		if level < 4 {
			a.byCode.m[code] = int32(len(a.all))
		}
		a.all = append(a.all, Division{Code: code, Name: name, Level: level, nbsOnly: nbsOnly})
	}
	eachLine(mcaTSV, true, func(f []string) {
		if len(f) < 2 || len(f[0]) != 6 {
			return
		}
		level := 3
		switch {
		case strings.HasSuffix(f[0], "0000"):
			level = 1
		case strings.HasSuffix(f[0], "00"):
			level = 2
		}
		add(f[0], f[1], level, false)
	})
	// Townships come from NBS; so do the county-level statistical units
	// (development zones and the like) that MCA does not list but that
	// townships hang from.
	eachLine(nbsTSV, true, func(f []string) {
		if len(f) < 2 {
			return
		}
		switch len(f[0]) {
		case 6:
			if _, ok := a.byCode.get(f[0]); !ok {
				add(f[0], f[1], 3, true)
			}
		case 9:
			add(f[0], f[1], 4, false)
		}
	})
	a.link()
	for i := range a.all {
		d := &a.all[i]
		d.short = d.Name
		if !d.nbsOnly {
			// Statistical units such as 石家庄高新技术产业开发区 have no
			// suffix that shortens well.
			d.short = shortName(d.Name, d.Level)
		}
		a.index(d.Name, int32(i))
		if d.short != d.Name {
			a.index(d.short, int32(i))
		}
	}
	a.formers = make([]former, 0, strings.Count(historyTSV, "\n"))
	eachLine(historyTSV, true, func(f []string) {
		if len(f) < 7 {
			return
		}
		i := int32(len(a.formers))
		a.formers = append(a.formers, former{code: f[0], name: f[1], next: f[6]})
		a.formerCodes.add(f[0], i)
		a.formerNames.add(f[1], i)
		if short := shortName(f[1], levelOf(f[2])); short != f[1] {
			a.formerNames.add(short, i)
		}
		a.maxLen = max(a.maxLen, len(f[1]))
	})
	return a
}

// link sets Parent and children. Children share one backing array: the
// rows of one parent are not contiguous (MCA lists all counties before NBS
// adds townships), so they are counted first and then placed.
func (a *atlas) link() {
	parents := make([]int32, len(a.all))
	count := make([]int32, len(a.all)+1)
	for i := range a.all {
		p := a.parentOf(&a.all[i])
		parents[i] = p
		if p >= 0 {
			a.all[i].Parent = &a.all[p]
			count[p+1]++
		}
	}
	for i := 1; i < len(count); i++ {
		count[i] += count[i-1]
	}
	kids := make([]*Division, count[len(count)-1])
	fill := make([]int32, len(a.all))
	for i, p := range parents {
		if p >= 0 {
			kids[count[p]+fill[p]] = &a.all[i]
			fill[p]++
		}
	}
	for i := range a.all {
		if n := count[i+1] - count[i]; n > 0 {
			a.all[i].children = kids[count[i]:count[i+1]:count[i+1]]
		}
	}
}

func (a *atlas) index(name string, div int32) {
	a.byName.add(name, div)
	a.maxLen = max(a.maxLen, len(name))
}

// named returns the divisions whose full or short name is s, in code order.
func (a *atlas) named(s string) []*Division {
	var out []*Division
	a.byName.each(s, func(i int32) { out = append(out, a.div(i)) })
	sortDivisions(out)
	return out
}

func (a *atlas) code(c string) *Division {
	if i, ok := a.byCode.get(c); ok {
		return a.div(i)
	}
	return nil
}

// parentOf finds the row above d from its code, or -1. A county whose
// prefecture row is missing sits under a pseudo-prefecture (4290, 4690,
// 6590, or the 01 of a municipality) and so belongs to the province.
func (a *atlas) parentOf(d *Division) int32 {
	look := func(c string) int32 {
		if i, ok := a.byCode.get(c); ok {
			return i
		}
		return -1
	}
	switch d.Level {
	case 2:
		return look(d.Code[:2] + "0000")
	case 3:
		if p := look(d.Code[:4] + "00"); p >= 0 {
			return p
		}
		return look(d.Code[:2] + "0000")
	case 4:
		return look(d.Code[:6])
	}
	return -1
}

func levelOf(s string) int {
	switch s {
	case "省级":
		return 1
	case "地级":
		return 2
	}
	return 3
}

// successors follows the history from an out-of-use name to the divisions
// now in use that took it over; a name split among several codes yields
// all of them.
func (a *atlas) successors(name string) []*Division {
	var out []*Division
	seen := map[string]bool{}
	var follow func(code string)
	follow = func(code string) {
		if seen[code] {
			return
		}
		seen[code] = true
		// A code still in use is the end of the chain even when an older
		// row under the same code carries another name (变更 keeps the code).
		if d := a.code(code); d != nil {
			out = append(out, d)
			return
		}
		a.formerCodes.each(code, func(i int32) { a.followNext(i, follow) })
	}
	a.formerNames.each(name, func(i int32) { a.followNext(i, follow) })
	sortDivisions(out)
	return dedupe(out)
}

// followNext calls follow with each code that replaced formers[i].
func (a *atlas) followNext(i int32, follow func(string)) {
	for _, c := range strings.Split(a.former(i).next, ";") {
		if c, _, _ = strings.Cut(c, "["); c != "" {
			follow(c)
		}
	}
}

// sortDivisions orders ds by code. slices.SortFunc runs the same pattern-
// defeating quicksort as sort.Slice, comparison for comparison, without the
// two allocations of each sort.Slice call (closure and swapper), which
// were a tenth of those of validating a report: Lookup sorts at every call.
func sortDivisions(ds []*Division) {
	slices.SortFunc(ds, func(a, b *Division) int { return strings.Compare(a.Code, b.Code) })
}

func dedupe(ds []*Division) []*Division {
	out := ds[:0]
	for i, d := range ds {
		if i == 0 || d != ds[i-1] {
			out = append(out, d)
		}
	}
	return out
}

// Lookup returns the divisions now in use whose full name is name, or,
// when there is none, those whose short form is name (淄川 → 淄川区). The
// result is ordered by code and may hold several divisions: 民意乡 names two
// townships, 吉林 a province and a prefecture.
func Lookup(name string) []*Division {
	list := loadAtlas().named(name)
	// Filtered in place, in order: list is this call's own.
	full := list[:0]
	for _, d := range list {
		if d.Name == name {
			full = append(full, d)
		}
	}
	if len(full) > 0 {
		return full
	}
	return list
}

// ByCode returns the division now in use with the given code: an MCA
// 6-digit code, or an NBS 9-digit township code; nil when there is none.
func ByCode(code string) *Division {
	a := loadAtlas()
	if len(code) != 9 {
		return a.code(code)
	}
	county := a.code(code[:6])
	if county == nil {
		return nil
	}
	for _, c := range a.children(county) {
		if c.Code == code {
			return c
		}
	}
	return nil
}

// Successors returns the divisions now in use that replaced a county-level
// or higher name abolished or renamed since 1981 (崇文区 → 东城区, 米林县 →
// 米林市), so that older reports still resolve.
func Successors(name string) []*Division {
	return loadAtlas().successors(name)
}

// IsDivisionName reports whether s is the full or short name of any
// division, now or (county level and above) at any time since 1981.
func IsDivisionName(s string) bool {
	a := loadAtlas()
	return a.byName.has(s) || a.formerNames.has(s)
}

// ethnic lists the 56 nationalities as they appear in autonomous-area
// names, each with 族 and, for multi-character names, also without it
// (巴音郭楞蒙古自治州, 新疆维吾尔自治区); longest first so that 土家族 is
// tried before shorter forms. It is written out rather than made from
// ethnicNames at start, in every process; TestEthnic makes it and compares.
var ethnic = []string{
	"柯尔克孜族", "乌孜别克族", "柯尔克孜", "乌孜别克", "维吾尔族", "哈萨克族", "塔吉克族", "塔塔尔族",
	"鄂伦春族", "鄂温克族", "达斡尔族", "俄罗斯族", "维吾尔", "哈萨克", "塔吉克", "塔塔尔",
	"鄂伦春", "鄂温克", "达斡尔", "俄罗斯", "土家族", "布依族", "朝鲜族", "哈尼族",
	"傈僳族", "拉祜族", "东乡族", "纳西族", "景颇族", "仫佬族", "布朗族", "撒拉族",
	"毛南族", "仡佬族", "锡伯族", "阿昌族", "普米族", "德昂族", "保安族", "裕固族",
	"独龙族", "赫哲族", "门巴族", "珞巴族", "基诺族", "高山族", "蒙古族", "土家",
	"布依", "朝鲜", "哈尼", "傈僳", "拉祜", "东乡", "纳西", "景颇",
	"仫佬", "布朗", "撒拉", "毛南", "仡佬", "锡伯", "阿昌", "普米",
	"德昂", "保安", "裕固", "独龙", "赫哲", "门巴", "珞巴", "基诺",
	"高山", "蒙古", "汉族", "回族", "藏族", "苗族", "彝族", "壮族",
	"满族", "侗族", "瑶族", "白族", "傣族", "黎族", "佤族", "畲族",
	"水族", "土族", "羌族", "怒族", "京族", "各族",
}

// ethnicNames are the nationalities of ethnic, without 族.
const ethnicNames = `柯尔克孜 乌孜别克 维吾尔 哈萨克 塔吉克 塔塔尔
		鄂伦春 鄂温克 达斡尔 俄罗斯 土家 布依 朝鲜 哈尼 傈僳 拉祜 东乡 纳西 景颇 仫佬
		布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 德昂 保安 裕固 独龙 赫哲 门巴 珞巴 基诺
		高山 蒙古 汉 回 藏 苗 彝 壮 满 侗 瑶 白 傣 黎 佤 畲 水 土 羌 怒 京 各`

// typeSuffixes are stripped to get the short form, longest first; the
// autonomous ones are followed by stripping nationalities.
var typeSuffixes = []struct {
	suffix   string
	autonomy bool
	levels   uint8 // bit i set: applies at level i
}{
	{"特别行政区", false, 1 << 1},
	{"街道办事处", false, 1 << 4},
	{"民族苏木", false, 1 << 4},
	{"自治区", true, 1 << 1},
	{"自治州", true, 1 << 2},
	{"自治县", true, 1 << 3},
	{"自治旗", true, 1 << 3},
	{"民族乡", false, 1 << 4},
	{"街道", false, 1 << 4},
	{"新区", false, 1 << 3},
	{"林区", false, 1 << 3},
	{"特区", false, 1 << 3},
	{"地区", false, 1 << 2},
	{"苏木", false, 1 << 4},
	{"族乡", true, 1 << 4},
	{"省", false, 1 << 1},
	{"市", false, 1<<1 | 1<<2 | 1<<3},
	{"盟", false, 1 << 2},
	{"县", false, 1 << 3},
	{"区", false, 1<<2 | 1<<3},
	{"旗", false, 1 << 3},
	{"镇", false, 1 << 4},
	{"乡", false, 1 << 4},
}

// suffixEnds are the last characters of typeSuffixes, to skip the loop for
// the many names (开发区 aside, most 农场, 林场, 社区) that end otherwise.
const suffixEnds runeSet = "区处木州县旗乡道省市盟镇"

// shortName strips the type suffix and, for autonomous areas, the
// nationalities, keeping at least two characters.
func shortName(name string, level int) string {
	last, _ := utf8.DecodeLastRuneInString(name)
	if !suffixEnds.has(last) {
		return name
	}
	for _, s := range typeSuffixes {
		if s.levels&(1<<level) == 0 || !strings.HasSuffix(name, s.suffix) {
			continue
		}
		rest := name[:len(name)-len(s.suffix)]
		if s.suffix == "族乡" {
			// 族乡 is the tail of …回族乡: keep 族 for the nationality loop.
			rest = name[:len(name)-len("乡")]
		}
		if s.autonomy {
			rest = stripEthnic(rest)
		}
		if !atLeastTwoRunes(rest) {
			return name
		}
		return rest
	}
	return name
}

func stripEthnic(s string) string {
	for {
		stripped := false
		for _, e := range ethnic {
			if rest, ok := strings.CutSuffix(s, e); ok && atLeastTwoRunes(rest) {
				s, stripped = rest, true
				break
			}
		}
		if !stripped {
			return s
		}
	}
}

func atLeastTwoRunes(s string) bool {
	_, n := utf8.DecodeRuneInString(s)
	return n < len(s)
}

// AllNames returns every full and short name of every division, now in
// use or (county level and above) out of use since 1981, sorted and
// without duplicates. The word-list generator and the suppression of
// real names use it.
func AllNames() []string {
	a := loadAtlas()
	out := a.byName.keys()
	for _, n := range a.formerNames.keys() {
		if !a.byName.has(n) {
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out
}
