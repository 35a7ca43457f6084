package gen

import (
	"bytes"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nianbao/nianbao/normalize"
	"github.com/nianbao/nianbao/validate/cross"
)

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
