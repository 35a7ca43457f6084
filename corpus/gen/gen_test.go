package gen

import (
	"bytes"
	"fmt"
	"math"
	"math/rand"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/internal/names"
	"github.com/nianbao/nianbao/normalize"
	"github.com/nianbao/nianbao/validate"
	"github.com/nianbao/nianbao/validate/cross"
)

// TestGenerate_Identities: every cell of every table is there, every
// identity of the profile holds, counts are whole and non-negative.
func TestGenerate_Identities(t *testing.T) {
	kinds := map[AgencyKind]int{}
	templates := map[string]int{}
	for _, seed := range seeds(1, 400) {
		r := Generate(seed, Options{})
		kinds[r.Kind]++
		templates[r.Template]++
		p := normalize.ProfileFor(r.Template)
		require.NotNil(t, p)
		want := 0
		for _, tb := range p.Tables {
			for _, k := range tb.CellKeys() {
				want++
				v, ok := r.Cells[k]
				require.True(t, ok, "seed %d: no cell %s", seed, k)
				col := tb.Column(k[strings.LastIndex(k, ".")+1:])
				if !col.Signed {
					assert.GreaterOrEqual(t, v, 0.0, "seed %d: %s", seed, k)
				}
				if !col.Decimal {
					assert.Equal(t, math.Trunc(v), v, "seed %d: %s", seed, k)
				}
			}
		}
		assert.Len(t, r.Cells, want, "seed %d: cells outside the template", seed)
		checkIdentities(t, r)
		assert.Less(t, r.Cells["active.fees.amount"], 100000.0, "seed %d: a fee in 万元 that TB107 would take for 元", seed)
	}
	if !testing.Short() {
		for k := TownshipGov; k <= ProvinceGov; k++ {
			assert.Positive(t, kinds[k], "no %s among the reports", k)
		}
		assert.Positive(t, templates["2019"])
		assert.Positive(t, templates["2021"])
	}
}

// TestGenerate_Sizes: a township usually reports nothing, a province
// government tens of thousands of requests.
func TestGenerate_Sizes(t *testing.T) {
	zero, max := 0, 0.0
	for _, seed := range seeds(100, 40) {
		if Generate(seed, Options{Kind: TownshipGov}).Cells["requests.new.total"] == 0 {
			zero++
		}
		max = math.Max(max, Generate(seed, Options{Kind: ProvinceGov}).Cells["requests.new.total"])
	}
	assert.Greater(t, zero, len(seeds(100, 40))/3, "townships with no request")
	if !testing.Short() {
		assert.Greater(t, max, 10000.0, "largest province")
	}
}

// TestGenerate_Prose: the text states what the tables hold, and its
// “共N条，其中A条…” sums add up.
func TestGenerate_Prose(t *testing.T) {
	for _, seed := range seeds(200, 60) {
		r := Generate(seed, Options{Plain: true})
		text := string(Text(r, Damage{}))
		y := strconv.Itoa(r.Year)
		assert.Contains(t, text, r.Agency+y+"年政府信息公开工作年度报告")
		assert.Contains(t, text, "邮编："+r.Contact.Postcode)
		assert.Regexp(t, `^0\d{2,3}-\d{7,8}$`, r.Contact.Phone)
		assert.Regexp(t, `^\d{6}$`, r.Contact.Postcode)
		if n := r.Cells["requests.new.total"]; n > 0 {
			assert.Contains(t, text, "收到政府信息公开申请"+num(n)+"件", "seed %d", seed)
		} else {
			assert.Contains(t, text, "未收到政府信息公开申请", "seed %d", seed)
		}
		for _, line := range strings.Split(text, "\n") {
			for _, sent := range strings.Split(line, "。") {
				checkSum(t, seed, sent)
			}
		}
		// Quoted names are printed at least twice, so that one can go wrong.
		for _, q := range r.quoted {
			assert.GreaterOrEqual(t, strings.Count(text, "“"+q+"”"), 2, "seed %d: %s", seed, q)
		}
		// The agency names the region the report is about.
		d, ok := names.Region(r.Agency, text[:min(len(text), 6000)])
		if assert.True(t, ok, "seed %d: %s", seed, r.Agency) {
			assert.Equal(t, r.RegionCode, d.Code, "seed %d: %s", seed, r.Agency)
		}
	}
}

// TestGenerate_Deterministic: the same seed gives the same bytes in every
// format, whatever the damage; another seed gives another report.
func TestGenerate_Deterministic(t *testing.T) {
	for _, seed := range seeds(300, 12) {
		d := RandomDamage(rand.New(rand.NewSource(seed)), true)
		for _, f := range Formats {
			a, _ := Render(f, Generate(seed, Options{}), d)
			b, _ := Render(f, Generate(seed, Options{}), d)
			assert.True(t, bytes.Equal(a, b), "seed %d %s", seed, f)
			c, _ := Render(f, Generate(seed+1000, Options{}), d)
			assert.False(t, bytes.Equal(a, c), "seed %d %s", seed, f)
		}
		r1, r2 := Generate(seed, Options{}), Generate(seed, Options{})
		for _, k := range ErrorKinds {
			e1 := Inject(r1, k, rand.New(rand.NewSource(seed)))
			e2 := Inject(r2, k, rand.New(rand.NewSource(seed)))
			assert.Equal(t, e1, e2, "seed %d %s", seed, k)
		}
	}
}

func TestGenerate_Options(t *testing.T) {
	for y := 2019; y <= 2025; y++ {
		r := Generate(int64(y), Options{Year: y, Kind: CountyDept})
		assert.Equal(t, y, r.Year)
		assert.Equal(t, CountyDept, r.Kind)
		want := "2021"
		if y < 2021 {
			want = "2019"
		}
		assert.Equal(t, want, r.Template, fmt.Sprint(y))
		assert.Equal(t, 3, r.Place().Level)
	}
}

// TestVariants_Drawn: clean reports exercise every clean variant, each in
// a fair share of reports, and Plain turns them all off.
func TestVariants_Drawn(t *testing.T) {
	n := map[string]int{}
	names := map[Variant]int{}
	const reports = 400
	for seed := int64(1); seed <= reports; seed++ {
		for _, v := range Generate(seed, Options{}).Variants("text", Damage{}) {
			n[v.Class]++
			names[v]++
		}
		assert.Equal(t, []Variant{{ClassPlain, "plain"}}, Generate(seed, Options{Plain: true}).Variants("text", Damage{}), "seed %d", seed)
	}
	t.Log(n)
	for _, c := range []string{ClassPlain, ClassBlankCells, ClassUnfilledRows, ClassPhrasing} {
		assert.Greater(t, n[c], reports/20, c)
	}
	for p := phrasing(0); p < nPhrasings; p++ {
		assert.Positive(t, names[Variant{ClassPhrasing, phrasingNames[p]}], phrasingNames[p])
	}
	for _, m := range dashMarks {
		assert.Positive(t, names[Variant{ClassBlankCells, "dash “" + m + "”"}], m)
	}
}

// TestVariants_PlainUnchanged: a plain report is what the seed gave
// before the variants existed: no blank cell, and the same text as the
// report with variants wherever no variant applies.
func TestVariants_PlainUnchanged(t *testing.T) {
	for _, seed := range seeds(1, 100) {
		p, v := Generate(seed, Options{Plain: true}), Generate(seed, Options{})
		assert.Empty(t, p.States, "seed %d", seed)
		assert.Equal(t, p.Cells, v.Cells, "seed %d: the truth does not depend on the variants", seed)
		if v.Variants("text", Damage{})[0].Class == ClassPlain {
			assert.True(t, bytes.Equal(Text(p, Damage{}), Text(v, Damage{})), "seed %d", seed)
		}
	}
}

// TestVariants_Truth: blank and dash cells are zeros in the truth, every
// identity still holds, no clean table is blank all over (that is the
// unfilled-table error), and each format prints a blank cell its way.
func TestVariants_Truth(t *testing.T) {
	for _, seed := range seeds(1, 300) {
		r := Generate(seed, Options{})
		for k, s := range r.States {
			assert.Zero(t, r.Cells[k], "seed %d: %s is %s", seed, k, s)
			assert.Contains(t, []normalize.State{normalize.StateBlank, normalize.StateDash}, s)
			if s == normalize.StateDash {
				assert.Contains(t, dashMarks, r.marks[k], "seed %d: %s", seed, k)
			}
		}
		for _, tb := range normalize.TableKeys() {
			filled := false
			for _, k := range r.profile(tb).Table(tb).CellKeys() {
				filled = filled || r.State(k) == normalize.StateNumber
			}
			assert.True(t, filled, "seed %d: table %s unfilled in a clean report", seed, tb)
		}
		checkIdentities(t, r)
	}
	// The review value row of a report with blank review zeros, per format.
	var r *Report
	for seed := int64(1); r == nil; seed++ {
		x := Generate(seed, Options{})
		if x.variant.blank == blankEmpty && x.State("review.review.corrected") == normalize.StateBlank && x.Cells["review.review.total"] > 0 {
			r = x
		}
	}
	html := string(HTML(r, Damage{}))
	assert.Contains(t, html, "<td>"+htmlBlanks[r.variant.html]+"</td>")
	reviewRow := html[strings.LastIndex(html, "<tr>"):]
	assert.NotContains(t, reviewRow, "<td>0</td>", "the review zeros are blank")
	docx := string(mustUnzip(t, DOCX(r, Damage{}))["word/document.xml"])
	assert.Contains(t, docx, `<w:vAlign w:val="center"/></w:tcPr><w:p><w:pPr><w:jc w:val="center"/></w:pPr></w:p></w:tc>`, "an empty w:tc")
	tabs := string(Text(r, Damage{Style: Tabs}))
	assert.Regexp(t, `\n[0-9]+\t\t|\t\t[0-9]+`, tabs, "an empty field between tabs")
	lines := string(Text(r, Damage{Style: CellPerLine}))
	assert.Regexp(t, `\n[0-9]+\n\n`, lines, "an empty line for a blank cell")
}

// TestVariants_Prose: the real phrasings are consistent when read as
// people read them: 予以公开（含部分公开）and 予以公开及部分公开 are granted
// plus partly granted, 占x% is the share of what was handled, the reviews
// and suits after the outcome list are not parts of it, 共计 on the last
// item is a part, and each of two enumerations adds up to its own total.
func TestVariants_Prose(t *testing.T) {
	share := regexp.MustCompile(`([^，；：]+?)(\d+)件，占([0-9.]+)%`)
	seen := map[phrasing]int{}
	for _, seed := range seeds(200, 300) {
		r := Generate(seed, Options{})
		text := string(Text(r, Damage{}))
		c := r.Cells
		for p, used := range r.variant.used {
			if used {
				seen[phrasing(p)]++
			}
		}
		handled := c["requests.total.total"]
		for _, label := range []string{"予以公开（含部分公开）", "予以公开及部分公开"} {
			if i := strings.Index(text, label); i >= 0 {
				m := regexp.MustCompile(`^(\d+)件`).FindStringSubmatch(text[i+len(label):])
				require.NotNil(t, m, "seed %d", seed)
				assert.Equal(t, num(c["requests.granted.total"]+c["requests.partly_granted.total"]), m[1], "seed %d: %s", seed, label)
			}
		}
		for _, m := range share.FindAllStringSubmatch(text, -1) {
			v, _ := strconv.ParseFloat(m[2], 64)
			got, _ := strconv.ParseFloat(m[3], 64)
			assert.InDelta(t, 100*v/handled, got, 0.005, "seed %d: %s", seed, m[0])
		}
		if i := strings.Index(text, "因政府信息公开引起的行政复议案件"); i >= 0 {
			assert.Contains(t, text[i:], fmt.Sprintf("行政复议案件%s件、行政诉讼案件%s件", num(c["review.review.total"]),
				num(c["review.suit_direct.total"]+c["review.suit_after_review.total"])), "seed %d", seed)
		}
		if r.variant.used[phActiveTable] {
			if r.Template == "2021" {
				assert.Contains(t, text, fmt.Sprintf("本年制发规范性文件%s件，废止%s件，现行有效%s件", num(c["active.normative_docs.issued"]),
					num(c["active.normative_docs.repealed"]), num(c["active.normative_docs.in_force"])), "seed %d", seed)
			} else {
				assert.Contains(t, text, fmt.Sprintf("本年制发规范性文件%s件，新公开%s件，对外公开总数%s件", num(c["active.normative_docs.made"]),
					num(c["active.normative_docs.published"]), num(c["active.normative_docs.total_public"])), "seed %d", seed)
			}
		}
		// Every enumeration adds up, read as above.
		for _, line := range strings.Split(text, "\n") {
			for _, sent := range strings.Split(line, "。") {
				for _, clause := range strings.Split(sent, "；因政府信息公开引起的")[:1] {
					for _, en := range strings.Split(clause, "；被提起") {
						// phFewKinds names a few kinds on purpose; phChannelsWhole
						// counts the same items on every channel.
						// phListThenOther's list ends at the comma before 收到网民留言.
						if !strings.Contains(en, "全年发布各类信息") && !strings.Contains(en, "通过政务公开栏公开政府信息") && !strings.Contains(en, "收到网民留言") {
							checkSum(t, seed, en)
						}
					}
				}
			}
		}
		// Plain's checks still hold.
		if n := c["requests.new.total"]; n > 0 {
			assert.Contains(t, text, "收到政府信息公开申请"+num(n)+"件", "seed %d", seed)
		}
	}
	for p := phrasing(0); p < nPhrasings; p++ {
		assert.Positive(t, seen[p], phrasingNames[p])
	}
}

// TestVariants_Inject: the variant kinds change the truth as they print:
// a blank total column is blank and 0 with TB103 expected on each row it
// breaks, an unfilled table is blank all over; mistyping a blank cell
// makes it a number again. Each applies often enough to measure.
func TestVariants_Inject(t *testing.T) {
	applied := map[ErrorKind]int{}
	all := seeds(700, 100)
	for _, seed := range all {
		r := Generate(seed, Options{})
		e := Inject(r, BlankTotal, rand.New(rand.NewSource(seed)))
		if e.Applied {
			applied[BlankTotal]++
			assert.Equal(t, []string{"TB102"}, e.Rules)
			assert.Equal(t, "requests.total.total", e.Key)
			assert.Positive(t, r.Cells["requests.total.total"])
			for _, row := range rowsOf(r.profile("requests").Table("requests"), identity(r.profile("requests"), "outcomes").Right) {
				assert.Equal(t, normalize.StateBlank, r.State("requests."+row+".total"), "seed %d %s", seed, row)
			}
			for _, a := range e.Also {
				assert.Equal(t, []string{"TB103"}, a.Rules)
			}
			assert.Equal(t, ClassBlankTotal, r.Variants("html", Damage{})[len(r.Variants("html", Damage{}))-1].Class)
		}
		r = Generate(seed, Options{})
		e = Inject(r, UnfilledTable, rand.New(rand.NewSource(seed)))
		if e.Applied {
			applied[UnfilledTable]++
			assert.Equal(t, []string{"ST109"}, e.Rules)
			assert.True(t, e.Once)
			for _, k := range r.profile(e.Section).Table(e.Section).CellKeys() {
				assert.Equal(t, normalize.StateBlank, r.State(k), "seed %d %s", seed, k)
			}
		}
		r = Generate(seed, Options{})
		e = Inject(r, CellChanged, rand.New(rand.NewSource(seed)))
		assert.Equal(t, normalize.StateNumber, r.State(strings.Fields(e.Detail)[0]), "seed %d: %s", seed, e.Detail)
		r = Generate(seed, Options{})
		// A total whose parts each repeat it (the same items on every
		// channel) takes no mistyped part: it would read as overlap.
		if e = Inject(r, TextSum, rand.New(rand.NewSource(seed))); r.variant.used[phChannelsWhole] {
			assert.False(t, e.Applied, "seed %d", seed)
		} else if assert.True(t, e.Applied, "seed %d", seed) {
			assert.Contains(t, string(Text(r, Damage{})), e.Text)
		}
	}
	assert.Greater(t, applied[BlankTotal], len(all)*3/10)
	assert.Greater(t, applied[UnfilledTable], len(all)/5)
}

// identitiesHold asserts every identity of r's profile on r's cells.
func identitiesHold(t *testing.T, r *Report) {
	t.Helper()
	p := normalize.ProfileFor(r.Template)
	for _, inst := range p.Instances("") {
		sum := func(keys []string) (s float64) {
			for _, k := range keys {
				s += r.Cells[k]
			}
			return s
		}
		assert.Equal(t, sum(inst.Left), sum(inst.Right), "%d %s: %s along %s", r.Year, r.Agency, inst.Identity.ID, inst.Along)
	}
	for k, v := range r.Cells {
		if !strings.HasPrefix(k, activeTable+".") { // 表二's 本年增/减 may be negative
			assert.GreaterOrEqual(t, v, 0.0, "%d %s", r.Year, k)
		}
	}
}

func paraText(r *Report, key string) string {
	for _, s := range r.sections {
		if s.key == key {
			return strings.Join(s.paras, "\n")
		}
	}
	return ""
}

func TestGenerateSeries_Consistent(t *testing.T) {
	variants := 0
	for _, seed := range seeds(1, 60) {
		s := GenerateSeries(seed, SeriesOptions{})
		require.Len(t, s.Files, len(s.Reports))
		require.GreaterOrEqual(t, len(s.Reports), 3)
		require.LessOrEqual(t, len(s.Reports), 5)
		first := s.Reports[0]
		names := map[string]bool{}
		for i, r := range s.Reports {
			identitiesHold(t, r)
			names[r.Agency] = true
			assert.Equal(t, first.Year+i, r.Year)
			assert.Equal(t, first.RegionCode, r.RegionCode)
			assert.Equal(t, cross.AgencyKey(first.RegionCode, first.Agency), cross.AgencyKey(r.RegionCode, r.Agency), "%s / %s pair", first.Agency, r.Agency)
			if i == 0 {
				continue
			}
			prev := s.Reports[i-1]
			p := normalize.ProfileFor(r.Template)
			for _, ch := range p.Chains {
				for _, in := range ch.Instances(p) {
					before, ok := prev.Cells[in.Previous]
					if !ok {
						continue
					}
					want := before
					for _, k := range in.Plus {
						want += r.Cells[k]
					}
					for _, k := range in.Minus {
						want -= r.Cells[k]
					}
					assert.Equal(t, want, r.Cells[in.This], "seed %d %d: %s", seed, r.Year, in.This)
				}
			}
			// Rewritten every year: not the same account twice.
			for _, key := range []string{"overview", "problems"} {
				assert.NotEqual(t, strings.ReplaceAll(paraText(prev, key), strconv.Itoa(prev.Year), strconv.Itoa(r.Year)), paraText(r, key), "seed %d %d %s", seed, r.Year, key)
			}
		}
		if len(names) > 1 {
			variants++
		}
		// Years come in every format in turn.
		assert.NotEqual(t, s.Files[0].Format, s.Files[1].Format)
	}
	assert.Positive(t, variants, "some agencies write their name two ways")
}

// TestGenerateSeries_Deterministic: a seed gives the same files, and an
// error leaves the years it does not reach as the consistent series has
// them, byte for byte (the bench reads each such file once).
func TestGenerateSeries_Deterministic(t *testing.T) {
	render := func(s *Series) map[*Report][]byte {
		out := map[*Report][]byte{}
		for _, f := range s.Files {
			out[f.Report], _ = f.Render()
		}
		return out
	}
	for _, seed := range seeds(40, 12) {
		clean := GenerateSeries(seed, SeriesOptions{})
		again := GenerateSeries(seed, SeriesOptions{})
		cb := render(clean)
		for i, f := range clean.Files {
			b, _ := again.Files[i].Render()
			assert.Equal(t, cb[f.Report], b)
		}
		for _, k := range CrossKinds {
			if k.Group() {
				continue
			}
			s := GenerateSeries(seed, SeriesOptions{Errors: []CrossKind{k}, ErrorSeed: 3})
			e := s.Expected[0]
			if !e.Applied {
				continue
			}
			sb := render(s)
			// Reports before the first one an error reaches are unchanged.
			reached := len(clean.Reports)
			for _, w := range e.Want {
				if i := slices.Index(s.Reports, w.Report); i >= 0 {
					reached = min(reached, i)
				}
			}
			for i := range reached {
				assert.True(t, bytes.Equal(cb[clean.Reports[i]], sb[s.Reports[i]]), "seed %d %s: %d changed", seed, k, clean.Reports[i].Year)
			}
		}
	}
}

func TestGenerateSeries_Errors(t *testing.T) {
	for _, k := range CrossKinds {
		if k.Group() {
			continue
		}
		t.Run(k.String(), func(t *testing.T) {
			applied := 0
			ss := seeds(70, 20)
			for _, seed := range ss {
				s := GenerateSeries(seed, SeriesOptions{Errors: []CrossKind{k}, ErrorSeed: seed})
				require.Len(t, s.Expected, 1)
				e := s.Expected[0]
				if !e.Applied {
					continue
				}
				applied++
				assert.NotEmpty(t, e.Detail)
				assert.NotEmpty(t, e.Want)
				for _, r := range append(s.Reports, s.Others...) {
					if k != TableCopied && k != Duplicate {
						identitiesHold(t, r)
					}
				}
			}
			assert.Greater(t, applied, len(ss)/7, "series offer a place for %s", k)
		})
	}
	// Two breaks of the chain in three years break it in both later ones.
	s := GenerateSeries(12, SeriesOptions{Years: 3, First: 2022, Errors: []CrossKind{ChainBroken, ChainBroken}})
	require.Len(t, s.Expected, 2)
	years := map[int]bool{}
	for _, e := range s.Expected {
		require.True(t, e.Applied)
		years[e.Want[0].Report.Year] = true
	}
	assert.Equal(t, map[int]bool{2023: true, 2024: true}, years)
}

func TestGenerateGroup(t *testing.T) {
	for _, seed := range seeds(1, 20) {
		g := GenerateGroup(seed, GroupOptions{})
		s := g.Summary
		assert.Contains(t, s.Title(), "全"+lastRune(s.Place().Name), s.Title())
		assert.Len(t, g.Files, 1+len(g.Units))
		towns := 0
		for _, u := range g.Units {
			identitiesHold(t, u)
			assert.Equal(t, s.Year, u.Year)
			if u.Place() != s.Place() {
				assert.Equal(t, s.Place(), u.Place().Parent)
				towns++
			}
		}
		assert.Equal(t, len(s.Place().Children()), towns, "every township and street")
		identitiesHold(t, s)
		for _, table := range rolledUp {
			for _, k := range s.profile(table).Table(table).CellKeys() {
				sum := 0.0
				for _, u := range g.Units {
					sum += u.Cells[k]
				}
				assert.Equal(t, sum, s.Cells[k], "seed %d %s", seed, k)
			}
		}

		m := GenerateGroup(seed, GroupOptions{Error: RollUpMissing, ErrorSeed: 1})
		if m.Expected.Applied {
			assert.Less(t, len(m.Files), len(g.Files))
			assert.GreaterOrEqual(t, len(m.Files), len(g.Files)-2)
		}
		off := GenerateGroup(seed, GroupOptions{Error: RollUpOff, ErrorSeed: 1})
		require.True(t, off.Expected.Applied)
		identitiesHold(t, off.Summary)
		for i, u := range off.Units {
			a, _ := File{u, "text"}.Render()
			b, _ := File{g.Units[i], "text"}.Render()
			assert.Equal(t, a, b, "units stay as they were")
		}
	}
}

// floor is the recall each kind must reach on a sample. The arithmetic,
// structure and number rules must find every planted error. The name
// rules pass over a variant that reads as something real, by design (树屏
// is a place, 堂上 a word), and also when the unchanged rest of a
// three-character name is a word (州市 of 浮州市, 门市 of 鲸门市), which is
// a bug; so they get a floor instead, and their misses are logged.
var floor = map[ErrorKind]float64{PlaceTypo: 0.8, QuotedTypo: 0.8}

// TestInject_Found: the pipeline reports each planted error where it was
// planted, in every format.
func TestInject_Found(t *testing.T) {
	var kinds []ErrorKind
	for _, k := range ErrorKinds {
		if !slices.Contains(VariantKinds, k) {
			kinds = append(kinds, k)
		}
	}
	testFound(t, Options{Plain: true}, kinds)
}

// TestInject_FoundRealVariants is TestInject_Found on reports with the
// real variants, with the kinds that are variants themselves (a blank
// total column: TB102 and TB103 on every row; an unfilled table: ST109
// once, no ST104 or ST105). It fails until the pipeline reads the
// variants and ST109 exists.
func TestInject_FoundRealVariants(t *testing.T) {
	testFound(t, Options{}, ErrorKinds)
}

func testFound(t *testing.T, opts Options, kinds []ErrorKind) {
	dir := t.TempDir()
	for _, k := range kinds {
		t.Run(strings.ReplaceAll(k.String(), " ", "_"), func(t *testing.T) {
			applied, found := 0, 0
			for i, seed := range seeds(int64(k)*10000, 24) {
				for _, f := range Formats {
					r := Generate(seed, opts)
					e := Inject(r, k, rand.New(rand.NewSource(seed)))
					if !e.Applied {
						continue
					}
					applied++
					// One cell a line is left out: known bugs lose rows there.
					d := Damage{Seed: seed, Style: TextStyle(i % 3), GBK: i%2 == 1}
					src, ext := Render(f, r, d)
					res := mustCheck(t, dir, fmt.Sprintf("%d%s", seed, ext), src)
					if e.Found(res.Findings, res.Report.Doc) {
						found++
						continue
					}
					var got []string
					for _, fd := range res.Findings {
						got = append(got, fd.Rule.ID+" "+fd.Key+" "+fd.Section)
					}
					msg := fmt.Sprintf("seed %d %s: %s not found (want %v key=%q section=%q text=%q); got %v", seed, f, e.Detail, e.Rules, e.Key, e.Section, e.Text, got)
					if floor[k] > 0 {
						t.Log(msg)
					} else {
						t.Error(msg)
					}
				}
			}
			require.Positive(t, applied)
			assert.GreaterOrEqual(t, float64(found)/float64(applied), max(floor[k], 1e-9), "recall %d/%d", found, applied)
		})
	}
}

// TestInject_Truth: the truth follows the injection, so that cell
// accuracy stays meaningful on injected reports.
func TestInject_Truth(t *testing.T) {
	for _, seed := range seeds(500, 20) {
		r := Generate(seed, Options{})
		e := Inject(r, RowDropped, rand.New(rand.NewSource(seed)))
		for k := range r.Cells {
			assert.False(t, strings.HasPrefix(k, e.Key+".") && strings.Count(k[len(e.Key)+1:], ".") == 0, "seed %d: %s kept", seed, k)
		}
		r = Generate(seed, Options{})
		Inject(r, OldTemplate, rand.New(rand.NewSource(seed)))
		for table, tpl := range r.tables {
			for _, k := range normalize.ProfileFor(tpl).Table(table).CellKeys() {
				_, ok := r.Cells[k]
				assert.True(t, ok, "seed %d: %s", seed, k)
			}
		}
		r = Generate(seed, Options{})
		e = Inject(r, CellChanged, rand.New(rand.NewSource(seed)))
		assert.NotEmpty(t, e.Rules)
		broken := 0
		for _, inst := range r.profile(strings.Split(e.Key, ".")[0]).Instances("") {
			l, rt := 0.0, 0.0
			for _, k := range inst.Left {
				l += r.Cells[k]
			}
			for _, k := range inst.Right {
				rt += r.Cells[k]
			}
			if l != rt {
				broken++
			}
		}
		assert.Equal(t, len(e.Rules), broken, "seed %d: %s breaks one instance per rule", seed, e.Detail)
	}
}

func TestExpected_Match(t *testing.T) {
	doc := &extract.Document{Text: "前文。围绕溜川区经济社会发展大局。"}
	at := strings.Index(doc.Text, "溜川区")
	nm := &validate.Rule{ID: "NM101"}
	tb := &validate.Rule{ID: "TB102"}
	e := Expected{Applied: true, Rules: []string{"NM101"}, Text: "溜川区"}
	assert.True(t, e.Match(validate.Finding{Rule: nm, Span: extract.Span{Start: at, End: at + 3}}, doc))
	assert.False(t, e.Match(validate.Finding{Rule: nm, Span: extract.Span{Start: 0, End: 3}}, doc), "elsewhere")
	assert.False(t, e.Match(validate.Finding{Rule: tb, Span: extract.Span{Start: at, End: at + 3}}, doc), "another rule")
	cell := Expected{Applied: true, Rules: []string{"TB"}, Key: "requests.granted.commercial"}
	assert.True(t, cell.Match(validate.Finding{Rule: tb, Key: "requests.total.commercial",
		Related: []validate.Related{{Key: "requests.granted.commercial"}}}, doc), "a related cell, a family")
	row := Expected{Applied: true, Rules: []string{"ST105"}, Key: "requests.granted"}
	assert.True(t, row.Match(validate.Finding{Rule: &validate.Rule{ID: "ST105"}, Key: "requests.granted"}, doc))
	assert.True(t, row.Match(validate.Finding{Rule: &validate.Rule{ID: "ST105"}, Key: "requests.granted.total"}, doc))
	assert.False(t, row.Match(validate.Finding{Rule: &validate.Rule{ID: "ST105"}, Key: "requests.granted_x"}, doc))
	assert.False(t, Expected{Rules: []string{"NM101"}}.Match(validate.Finding{Rule: nm}, doc), "not applied")
}

// TestExpected_Found: Also must all be found, Once allows one match, an
// Unwanted rule in the section spoils the find, Allowed only explains.
func TestExpected_Found(t *testing.T) {
	doc := &extract.Document{Text: "x"}
	st := func(id, section string) validate.Finding {
		return validate.Finding{Rule: &validate.Rule{ID: id}, Section: section}
	}
	tb := func(id, key string) validate.Finding { return validate.Finding{Rule: &validate.Rule{ID: id}, Key: key} }
	u := Expected{Applied: true, Rules: []string{"ST109"}, Section: "review", Once: true, Unwanted: []string{"ST104", "ST105"}}
	assert.True(t, u.Found([]validate.Finding{st("ST109", "review"), st("ST105", "requests")}, doc))
	assert.False(t, u.Found([]validate.Finding{st("ST109", "review"), st("ST109", "review")}, doc), "twice")
	assert.False(t, u.Found([]validate.Finding{st("ST109", "review"), st("ST104", "review")}, doc), "unwanted")
	b := Expected{Applied: true, Rules: []string{"TB102"}, Key: "requests.total.total",
		Also:    []Expected{{Applied: true, Rules: []string{"TB103"}, Key: "requests.granted.total"}},
		Allowed: []Expected{{Applied: true, Rules: []string{"NU102"}, Key: "requests.granted.total"}}}
	assert.False(t, b.Found([]validate.Finding{tb("TB102", "requests.total.total")}, doc), "Also missing")
	assert.True(t, b.Found([]validate.Finding{tb("TB102", "requests.total.total"), tb("TB103", "requests.granted.total")}, doc))
	assert.True(t, b.Explains(tb("NU102", "requests.granted.total"), doc))
	assert.False(t, b.Explains(tb("NU102", "requests.partly_granted.total"), doc))
}
