package gen

import (
	"math"
	"math/rand"
	"strings"

	"github.com/nianbao/nianbao/normalize"
)

// scale is the range of new requests a year for each kind of agency, and
// how often such an agency receives none: most townships and many county
// departments report a table of zeros, a province tens of thousands.
var scale = map[AgencyKind]struct {
	lo, hi float64
	zero   float64
}{
	TownshipGov:    {1, 5, 0.65},
	CountyDept:     {1, 40, 0.4},
	CountyGov:      {5, 500, 0.02},
	PrefectureDept: {2, 300, 0.1},
	PrefectureGov:  {50, 4000, 0},
	ProvinceDept:   {20, 3000, 0},
	ProvinceGov:    {800, 60000, 0},
}

// logUniform draws from [lo, hi] evenly on a log scale, so that small
// values are as likely as large ones within a kind.
func logUniform(rnd *rand.Rand, lo, hi float64) float64 {
	return math.Exp(math.Log(lo) + rnd.Float64()*(math.Log(hi)-math.Log(lo)))
}

func drawCells(rnd *rand.Rand, kind AgencyKind, template string) map[string]float64 {
	cells := map[string]float64{}
	p := normalize.ProfileFor(template)
	n := 0
	if s := scale[kind]; rnd.Float64() >= s.zero {
		n = int(math.Round(logUniform(rnd, s.lo, s.hi)))
	}
	drawRequests(rnd, p, n, nil, cells)
	drawReview(rnd, p, n, cells)
	drawActive(rnd, kind, p, cells)
	return cells
}

// identity returns the profile's identity id (balance, outcomes, …).
func identity(p *normalize.Profile, id string) *normalize.Identity {
	for _, x := range p.Identities {
		if x.ID == id {
			return x
		}
	}
	panic("gen: profile " + p.Template + " lacks identity " + id)
}

// rowsOf expands identity row names (with their ".*" groups) to row keys.
func rowsOf(t *normalize.TableSpec, names []string) []string {
	var out []string
	for _, n := range names {
		if prefix, ok := strings.CutSuffix(n, ".*"); ok {
			for _, r := range t.Rows {
				if strings.HasPrefix(r.Key, prefix+".") {
					out = append(out, r.Key)
				}
			}
			continue
		}
		out = append(out, n)
	}
	return out
}

// outcomeWeight is how common an outcome is among handled requests, from
// the published national figures: most are granted or the information is
// not held; withholding for state secrets is rare.
func outcomeWeight(row string) float64 {
	switch row {
	case "granted":
		return 40
	case "partly_granted":
		return 8
	case "unavailable.not_held":
		return 20
	case "unavailable.needs_creation":
		return 5
	case "unavailable.unclear":
		return 3
	case "withheld.third_party", "withheld.process_info":
		return 2.5
	case "not_processed.petition", "not_processed.repeated":
		return 3
	case "other", "other.no_correction", "other.other":
		return 4
	case "withheld.state_secret":
		return 0.3
	}
	return 1
}

// split divides n into len(w) non-negative parts in proportion to w, with
// the noise of real counts: small numbers one by one, large ones around
// their share.
func split(rnd *rand.Rand, n int, w []float64) []int {
	out := make([]int, len(w))
	sum := 0.0
	for _, x := range w {
		sum += x
	}
	if n <= 0 || sum == 0 {
		return out
	}
	if n <= 60 {
		for i := 0; i < n; i++ {
			x := rnd.Float64() * sum
			k := 0
			for k < len(w)-1 && x >= w[k] {
				x -= w[k]
				k++
			}
			out[k]++
		}
		return out
	}
	rem := make([]float64, len(w))
	got := 0
	for i, x := range w {
		share := float64(n) * x / sum * (0.85 + 0.3*rnd.Float64())
		out[i] = int(share)
		rem[i] = share - float64(out[i])
		got += out[i]
	}
	for got > n {
		k := largest(out)
		out[k]--
		got--
	}
	for got < n {
		k := 0
		for i := range rem {
			if rem[i] > rem[k] {
				k = i
			}
		}
		out[k]++
		rem[k] = -1
		got++
		if allNegative(rem) {
			for i := range rem {
				rem[i] = w[i]
			}
		}
	}
	return out
}

func largest(xs []int) int {
	k := 0
	for i, x := range xs {
		if x > xs[k] {
			k = i
		}
	}
	return k
}

func allNegative(xs []float64) bool {
	for _, x := range xs {
		if x >= 0 {
			return false
		}
	}
	return true
}

// jitter multiplies each weight by a factor in [0.3, 1.7), so that
// reports differ in their mix and not only in size.
func jitter(rnd *rand.Rand, w []float64) []float64 {
	out := make([]float64, len(w))
	for i, x := range w {
		out[i] = x * (0.3 + 1.4*rnd.Float64())
	}
	return out
}

// drawRequests fills table 三 so that every identity holds by
// construction: per applicant column, new + carried over is split into
// handled and carried forward, handled into the outcome rows; the total
// column and the total row are sums. over, when not nil, is what is
// carried over from last year, per applicant column (the profile's
// applicants identity, in order); nil draws it.
func drawRequests(rnd *rand.Rand, p *normalize.Profile, n int, over []int, cells map[string]float64) {
	bal, outc, appl := identity(p, "balance"), identity(p, "outcomes"), identity(p, "applicants")
	t := p.Table(bal.Table)
	applicants := appl.Right
	totalCol := appl.Left[0]
	newRow, overRow := bal.Left[0], bal.Left[1]
	totalRow, fwdRow := bal.Right[0], bal.Right[1]
	outcomes := rowsOf(t, outc.Right)

	// Natural persons file most requests; companies next.
	aw := []float64{0.55 + 0.4*rnd.Float64(), 0.12 * rnd.Float64(), 0.02 * rnd.Float64(), 0.02 * rnd.Float64(), 0.04 * rnd.Float64(), 0.06 * rnd.Float64()}
	news := split(rnd, n, aw[:len(applicants)])
	overs := over
	if overs == nil {
		over := 0
		if n > 0 && rnd.Intn(3) > 0 {
			over = int(float64(n) * 0.12 * rnd.Float64())
		}
		overs = split(rnd, over, aw[:len(applicants)])
	}
	ow := make([]float64, len(outcomes))
	for i, row := range outcomes {
		ow[i] = outcomeWeight(row)
	}
	ow = jitter(rnd, ow)
	fwdShare := 0.0
	if rnd.Intn(3) > 0 {
		fwdShare = 0.12 * rnd.Float64()
	}
	set := func(row, col string, v int) { cells[t.Key+"."+row+"."+col] = float64(v) }
	for _, r := range t.Rows {
		set(r.Key, totalCol, 0)
	}
	for i, col := range applicants {
		avail := news[i] + overs[i]
		fwd := int(float64(avail) * fwdShare)
		set(newRow, col, news[i])
		set(overRow, col, overs[i])
		set(fwdRow, col, fwd)
		set(totalRow, col, avail-fwd)
		for k, v := range split(rnd, avail-fwd, ow) {
			set(outcomes[k], col, v)
		}
	}
	for _, r := range t.Rows {
		sum := 0.0
		for _, col := range applicants {
			sum += cells[t.Key+"."+r.Key+"."+col]
		}
		cells[t.Key+"."+r.Key+"."+totalCol] = sum
	}
}

// drawReview fills table 四: reviews and suits grow with the requests.
func drawReview(rnd *rand.Rand, p *normalize.Profile, n int, cells map[string]float64) {
	id := identity(p, "review_total")
	t := p.Table(id.Table)
	share := []float64{0.03, 0.012, 0.006}
	pw := []float64{6, 1.5, 1, 1.5}
	for i, r := range t.Rows {
		total := 0
		if n > 0 && rnd.Intn(2) == 0 {
			total = int(float64(n) * share[i%len(share)] * rnd.Float64() * 2)
		}
		parts := split(rnd, total, jitter(rnd, pw[:len(id.Right)]))
		for k, col := range id.Right {
			cells[t.Key+"."+r.Key+"."+col] = float64(parts[k])
		}
		cells[t.Key+"."+r.Key+"."+id.Left[0]] = float64(total)
	}
}

// activeScale is the size of an agency's licensing and enforcement work.
var activeScale = map[AgencyKind]float64{
	TownshipGov: 30, CountyDept: 800, CountyGov: 3000, PrefectureDept: 5000,
	PrefectureGov: 20000, ProvinceDept: 30000, ProvinceGov: 100000,
}

// drawActive fills table 二. It has no identity; counts are plausible for
// the kind, and only people's governments above the county make 规章.
func drawActive(rnd *rand.Rand, kind AgencyKind, p *normalize.Profile, cells map[string]float64) {
	s := activeScale[kind]
	count := func(max float64) float64 {
		if rnd.Intn(4) == 0 {
			return 0
		}
		return math.Round(logUniform(rnd, 1, max+1) - 1)
	}
	makesRules := kind == ProvinceGov || kind == PrefectureGov
	docs := 2 + s/4000
	money := func() float64 {
		if rnd.Intn(3) == 0 {
			return 0
		}
		return math.Round(logUniform(rnd, 0.5, 1+s/5)*100) / 100
	}
	t := p.Table(activeTable)
	cell := func(row, col string) float64 { return cells[t.Key+"."+row+"."+col] }
	for _, key := range t.CellKeys() {
		parts := strings.Split(key, ".")
		row, col := parts[1], parts[2]
		var v float64
		switch col {
		case "issued", "made":
			if row == "normative_docs" || makesRules {
				v = count(docs * 3)
			}
		case "repealed":
			if row == "normative_docs" || makesRules {
				v = count(docs * 2)
			}
		case "published":
			v = cell(row, "made")
		case "in_force", "total_public":
			if row == "normative_docs" || makesRules {
				v = count(docs * 30)
			}
			v += cell(row, "issued") + cell(row, "published")
		case "decisions":
			v = count(s)
		case "last_year":
			v = count(s / 50)
		case "change":
			if rnd.Intn(2) == 0 {
				v = float64(rnd.Intn(11) - 5)
				v = math.Max(v, -cell(row, "last_year"))
			}
		case "projects":
			v = count(s / 100)
		case "amount":
			v = money()
		}
		if v == 0 {
			v = 0 // no -0 from the clamp above: it would print as "-0"
		}
		cells[key] = v
	}
}
