package gen

import (
	"bytes"
	"fmt"
	"math/rand"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nianbao/nianbao/normalize"
)

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
						checkSum(t, seed, en)
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
		if e = Inject(r, TextSum, rand.New(rand.NewSource(seed))); assert.True(t, e.Applied, "seed %d", seed) {
			assert.Contains(t, string(Text(r, Damage{})), e.Text)
		}
	}
	assert.Greater(t, applied[BlankTotal], len(all)*3/10)
	assert.Greater(t, applied[UnfilledTable], len(all)/5)
}
