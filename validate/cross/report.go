package cross

import (
	"strings"
	"unicode"

	"github.com/nianbao/nianbao/internal/names"
	"github.com/nianbao/nianbao/normalize"
)

// Report is what the cross-report rules need of one report: who and when,
// every cell with its place, and the text of the sections. It is small
// enough to keep for every report of a large batch, and it is what the
// store keeps, so stored years take part like the files of a run.
type Report struct {
	Path     string          `json:"path"`
	SHA256   string          `json:"sha256,omitempty"`
	Title    string          `json:"title,omitempty"`
	Agency   string          `json:"agency"`
	Region   string          `json:"region_code,omitempty"`
	Year     int             `json:"year"`
	Template string          `json:"template"`
	Cells    map[string]Cell `json:"cells"`
	Sections []Section       `json:"sections"`
}

// Cell is one table cell: its reading and where it stands.
type Cell struct {
	Value  *float64 `json:"value"`
	State  string   `json:"state"`
	Raw    string   `json:"raw,omitempty"`
	Line   int      `json:"line,omitempty"`
	Column int      `json:"column,omitempty"`
	Page   int      `json:"page,omitempty"`
}

// Num returns the value for arithmetic, as normalize.Cell.Num does: blank
// and dash count as 0; ok is false for missing and unreadable cells.
func (c Cell) Num() (float64, bool) {
	switch normalize.State(c.State) {
	case normalize.StateNumber:
		if c.Value != nil {
			return *c.Value, true
		}
	case normalize.StateBlank, normalize.StateDash:
		return 0, true
	}
	return 0, false
}

// Section is the text of one section, from its heading to the next.
type Section struct {
	Key  string `json:"key"`
	Line int    `json:"line,omitempty"`
	Text string `json:"text"`
}

// Of takes from rep what the rules need; path names the report in
// findings (as the run shows it).
func Of(rep *normalize.Report, path string) *Report {
	doc := rep.Doc
	r := &Report{Path: path, SHA256: doc.SHA256, Title: rep.Title.Value, Agency: rep.Agency.Value, Region: rep.Region.Code,
		Year: rep.Year, Template: rep.Template, Cells: make(map[string]Cell, len(rep.Cells))}
	for k, c := range rep.Cells {
		rc := Cell{Value: c.Value, State: string(c.State), Raw: c.Raw}
		if c.State != normalize.StateMissing {
			rc.Line, rc.Column = doc.LineCol(c.Span.Start)
			rc.Page = doc.Position(c.Span.Start).Page
		}
		r.Cells[k] = rc
	}
	for _, s := range rep.Sections {
		if s.Missing {
			continue
		}
		line, _ := doc.LineCol(s.Span.Start)
		r.Sections = append(r.Sections, Section{Key: s.Key, Line: line, Text: doc.Slice(s.Body)})
	}
	return r
}

// Key is the key that pairs an agency's reports across years: its
// division's code and its name with the divisions' names taken off the
// front and the variants agencies write interchangeably folded (人民政府
// and 政府, 管理委员会 and 管委会, 办公室 and 办). "" when the report does
// not say enough to pair it.
func (r *Report) Key() string {
	return AgencyKey(r.Region, r.Agency)
}

// AgencyKey is Report.Key for a region code and an agency name. The
// names taken off are those of the region and the divisions above it, in
// full (淄博市淄川区投资促进服务中心 and 淄川区投资促进服务中心 are one
// agency; 公安 of 公安县 stays in 公安分局); then those of divisions below
// it that the name goes on to give: 爱民区新华街道办事处 resolved to 爱民区
// is the street's. A division's own government keys as 政府 however it is
// written: 淄川区人民政府, 淄川区政府, the bare 淄川区 of a title
// (淄川区2023年全区政府信息公开…), a street's 新华街道办事处 or 新华街道办.
func AgencyKey(region, agency string) string {
	code, name := place(region, agency)
	if code == "" {
		return ""
	}
	return code + "|" + name
}

// place returns the division an agency belongs to and its name without
// the divisions' names, folded; "", "" when there is not enough to say.
func place(region, agency string) (code, name string) {
	name = strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || unicode.IsPunct(r) {
			return -1
		}
		return r
	}, agency)
	if region == "" || name == "" {
		return "", ""
	}
	code = region
	if d := names.ByCode(region); d != nil {
		d, name = stripDivisions(d, name)
		code = d.Code
	} else {
		name = stripPlaces(name)
	}
	for _, f := range folds {
		name = strings.ReplaceAll(name, f[0], f[1])
	}
	if name == "" || name == "办" {
		name = government
	}
	return code, name
}

// government is the folded name of a division's own government.
const government = "政府"

// folds are written interchangeably in the names of one agency.
var folds = [][2]string{
	{"人民政府", "政府"},
	{"管理委员会", "管委会"},
	{"委员会", "委"},
	{"办公室", "办"},
	{"办事处", "办"},
}

// stripDivisions takes off the front of name the full names of d and the
// divisions above it, then of divisions below d, descending to the one
// the name is about. 人民政府 between two names goes with them: 朝阳区人民政府
// 建外街道办事处 is the street's office.
func stripDivisions(d *names.Division, name string) (*names.Division, string) {
	chain := append([]*names.Division{d}, d.Ancestors()...)
	for cut := true; cut; {
		cut = false
		for _, x := range chain {
			if rest, ok := strings.CutPrefix(strings.TrimPrefix(name, "人民政府"), x.Name); ok && x.Name != "" {
				name, cut = rest, true
			}
		}
	}
	for {
		rest := strings.TrimPrefix(name, "人民政府")
		var below *names.Division
		for _, c := range d.Children() {
			if strings.HasPrefix(rest, c.Name) && c.Name != "" && (below == nil || len(c.Name) > len(below.Name)) {
				below = c
			}
		}
		if below == nil {
			return d, name
		}
		d, name = below, rest[len(below.Name):]
	}
}

// stripPlaces takes division names off the front of an agency name whose
// region the divisions data does not hold: any full name (淄川区, not
// 淄川, since a short form can be a word: 公安 of 公安县 in 公安分局). A
// name that is all places leaves "".
func stripPlaces(name string) string {
	for {
		rs := []rune(name)
		cut := 0
		for n := min(len(rs), 12); n >= 2; n-- {
			if p := string(rs[:n]); strings.ContainsRune("省市区县旗州盟镇乡道", rs[n-1]) && names.IsDivisionName(p) {
				cut = n
				break
			}
		}
		if cut == 0 {
			return name
		}
		name = string(rs[cut:])
	}
}
