package gen

import (
	"fmt"
	"maps"
	"math/rand"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/nianbao/nianbao/corpus"
	"github.com/nianbao/nianbao/normalize"
	"github.com/nianbao/nianbao/validate"
)

// layouts are the ways each format comes without damage.
var layouts = map[string][]Damage{
	"text": {{Style: Tabs}, {Style: Pipes}, {Style: PipePerLine}, {Style: CellPerLine}},
	"html": {{}, {GBK: true}},
	"docx": {{}},
}

// TestRender_RoundTrip: every format and layout, read back through the
// real pipeline, gives every cell and the metadata as generated, and a
// clean report gives no finding: on plain reports, and on reports with
// the real variants (blank and dash cells, unfilled rows, real
// phrasings), each class and format on its own, where every cell must be
// read in the state it was printed in (a blank cell is blank, not 0).
func TestRender_RoundTrip(t *testing.T) {
	plainAndVariants(t, 1000, 40, testRoundTrip)
}

// plainAndVariants runs test on n plain reports from seed base on, then
// on n with the real variants.
func plainAndVariants(t *testing.T, base int64, n int, test func(*testing.T, Options, []int64)) {
	t.Run("plain", func(t *testing.T) { test(t, Options{Plain: true}, seeds(base, n)) })
	t.Run("variants", func(t *testing.T) { test(t, Options{}, variantSeeds(t, base, n)) })
}

func testRoundTrip(t *testing.T, opts Options, seeds []int64) {
	dir := t.TempDir()
	for _, f := range Formats {
		for _, v := range layouts[f] {
			t.Run(fmt.Sprintf("%s/%s-%s", f, v.Style, v), func(t *testing.T) {
				for _, seed := range seeds {
					v.Seed = seed
					res := mustRoundTrip(t, dir, f, v, Generate(seed, opts))
					for _, fd := range falseFindings(res) {
						if fd.Rule.ID == "ST105" && excused(f, v, fd.Key+".") != nil {
							continue // the lost row of a known bug
						}
						t.Errorf("seed %d: false %s %s: %s", seed, fd.Rule.ID, fd.Key, fd.Message.Zh)
					}
				}
			})
		}
	}
}

// TestRender_Damaged: damage that keeps every number readable keeps every
// cell and the metadata, on plain reports and on ones with the real
// variants.
func TestRender_Damaged(t *testing.T) {
	plainAndVariants(t, 2000, 100, testDamaged)
}

func testDamaged(t *testing.T, opts Options, seeds []int64) {
	dir := t.TempDir()
	for _, f := range Formats {
		t.Run(f, func(t *testing.T) {
			for _, seed := range seeds {
				mustRoundTrip(t, dir, f, RandomDamage(rand.New(rand.NewSource(seed)), false), Generate(seed, opts))
			}
		})
	}
}

// TestRender_Truncated: a copy cut inside table 三 says so (ST105 or
// ST108) and keeps the cells before the cut.
func TestRender_Truncated(t *testing.T) {
	dir := t.TempDir()
	for _, f := range Formats {
		for _, seed := range seeds(3000, 8) {
			r := Generate(seed, Options{Plain: true})
			src, ext := Render(f, r, Damage{Seed: seed, Truncate: true})
			res := mustCheck(t, dir, fmt.Sprint(seed)+ext, src)
			rules := map[string]bool{}
			for _, fd := range res.Findings {
				rules[fd.Rule.ID] = true
			}
			assert.True(t, rules["ST105"] || rules["ST108"], "%s seed %d: %v", f, seed, rules)
			assert.False(t, rules["ST101"], "%s seed %d: sections after the cut are lost, not missing", f, seed)
			for _, k := range []string{"requests.new.total", "active.licensing.decisions"} {
				if c := res.Report.Cell(k); assert.NotNil(t, c) && assert.NotNil(t, c.Value, "%s seed %d %s", f, seed, k) {
					assert.Equal(t, r.Cells[k], *c.Value, "%s seed %d %s", f, seed, k)
				}
			}
		}
	}
}

// mustRoundTrip renders r in format with d, reads it back through the
// pipeline and checks its cells and metadata.
func mustRoundTrip(t *testing.T, dir, format string, d Damage, r *Report) corpus.Result {
	t.Helper()
	src, ext := Render(format, r, d)
	res := mustCheck(t, dir, fmt.Sprint(r.Seed)+ext, src)
	checkCells(t, format, d, r.Seed, r, res)
	checkMeta(t, r.Seed, r, res)
	return res
}

func checkCells(t *testing.T, format string, d Damage, seed int64, r *Report, res corpus.Result) {
	t.Helper()
	bad := 0
	logged := map[*knownBug]bool{}
	for _, k := range slices.Sorted(maps.Keys(r.Cells)) {
		c := res.Report.Cell(k)
		if cellRight(r, k, c) {
			continue
		}
		if b := excused(format, d, k); b != nil {
			if !logged[b] {
				logged[b] = true
				t.Logf("seed %d %s: known bug: %s", seed, k, b.what)
			}
			continue
		}
		if bad++; bad <= 3 {
			t.Errorf("seed %d %s %s: %s: want %s, got %+v", seed, format, d, k, wantCell(r, k), c)
		}
	}
}

func checkMeta(t *testing.T, seed int64, r *Report, res corpus.Result) {
	t.Helper()
	m := res.Report
	assert.Equal(t, r.Agency, m.Agency.Value, "seed %d", seed)
	assert.Equal(t, r.Year, m.Year, "seed %d", seed)
	assert.Equal(t, r.Template, m.Template, "seed %d", seed)
	assert.Equal(t, r.RegionCode, m.Region.Code, "seed %d: %s", seed, r.Agency)
	assert.Equal(t, r.PeriodStart, m.Period.Start, "seed %d", seed)
	assert.Equal(t, r.PeriodEnd, m.Period.End, "seed %d", seed)
	assert.Equal(t, r.Contact.Postcode, m.Contact.Postcode.Value, "seed %d", seed)
	assert.Equal(t, r.Contact.Phone, m.Contact.Phone.Value, "seed %d", seed)
	assert.Equal(t, r.Contact.Email, m.Contact.Email.Value, "seed %d", seed)
	assert.Equal(t, r.Contact.Address, strings.Join(strings.Fields(m.Contact.Address.Value), ""), "seed %d", seed)
	for _, s := range m.Sections {
		assert.False(t, s.Missing || s.HeadingMissing, "seed %d: section %s", seed, s.Key)
	}
}

// TestRender_StartsLate: a copy that begins inside table 三 (the later
// pages only), and half the time ends before 六, says so once (ST108),
// reports neither the sections nor the table rows that went with the
// pages before or after (ST101, ST104, ST105), and
// reads the cells after its start. Text and DOCX: an HTML page carries
// its title in its head, so a page whose body begins inside table 三 is
// a whole publication that lacks 一 to 三, and the errors stand.
func TestRender_StartsLate(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"text", "docx"} {
		for _, seed := range seeds(3100, 6) {
			r := Generate(seed, Options{Plain: true})
			src, ext := Render(f, r, Damage{Seed: seed, StartLate: true})
			res := mustCheck(t, dir, fmt.Sprint(seed)+ext, src)
			rules := map[string]int{}
			for _, fd := range res.Findings {
				rules[fd.Rule.ID]++
				if fd.Severity == validate.Error {
					t.Errorf("%s seed %d: error on a copy that starts late: %s %s", f, seed, fd.Rule.ID, fd.Message)
				}
			}
			assert.Equal(t, 1, rules["ST108"], "%s seed %d: %v", f, seed, rules)
			for _, k := range []string{"review.review.total", "review.suit_direct.total"} {
				if c := res.Report.Cell(k); assert.NotNil(t, c) && assert.NotNil(t, c.Value, "%s seed %d %s", f, seed, k) {
					assert.Equal(t, r.Cells[k], *c.Value, "%s seed %d %s", f, seed, k)
				}
			}
		}
	}
}

// TestRender_OldLabels: a 2021 表二 whose block （一） keeps the 2019
// labels (某区教育局 2021) is read under the 2021 form in every format and
// text style, with its cells, and draws no error or warning: read as 2019
// it lacked two rows (ST105), its other blocks lacked columns and its
// 表二 and 表四 were called the old form (ST106).
func TestRender_OldLabels(t *testing.T) {
	dir := t.TempDir()
	n := 0
	for seed := int64(3300); n < 8; seed++ {
		r := Generate(seed, Options{Plain: true})
		if r.tables[activeTable] == "" || r.oldProfile(activeTable) == nil {
			continue
		}
		r.variant.oldLabels = true
		for _, f := range []string{"text", "html", "docx"} {
			d := Damage{Seed: seed, Style: TextStyle(n % 4)}
			if n%2 == 1 {
				d = RandomDamage(rand.New(rand.NewSource(seed)), false)
			}
			src, ext := Render(f, r, d)
			res := mustCheck(t, dir, fmt.Sprint(seed, f)+ext, src)
			assert.Equal(t, r.tables[activeTable], res.Report.Tables[activeTable].Template, "%s seed %d %s", f, seed, d)
			for _, fd := range res.Findings {
				if fd.Severity != validate.Info {
					t.Errorf("%s seed %d %s: %s %s", f, seed, d, fd.Rule.ID, fd.Message)
				}
			}
			for _, k := range r.profile(activeTable).Table(activeTable).CellKeys() {
				if c := res.Report.Cell(k); assert.NotNil(t, c, "%s seed %d %s", f, seed, k) && r.State(k) == normalize.StateNumber {
					if assert.NotNil(t, c.Value, "%s seed %d %s %s", f, seed, d, k) {
						assert.Equal(t, r.Cells[k], *c.Value, "%s seed %d %s %s", f, seed, d, k)
					}
				}
			}
		}
		n++
	}
}
