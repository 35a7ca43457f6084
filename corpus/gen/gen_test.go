package gen

import (
	"bytes"
	"fmt"
	"math"
	"math/rand"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nianbao/nianbao/internal/names"
	"github.com/nianbao/nianbao/normalize"
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
