package docx

import (
	"strconv"
	"strings"

	"github.com/nianbao/nianbao/internal/lazyre"
)

// style is what the reader needs from a paragraph or numbering style: its
// heading level and any list numbering it applies.
type style struct {
	id, name, basedOn string
	outline           int // w:outlineLvl, 0-based; -1 when absent
	numID, ilvl       int
	hasNum, hasIlvl   bool
}

type styles struct {
	byID map[string]*style
	def  string // the default paragraph style, used when a paragraph names none
	// levels caches headingLevel by style id: it lowers the names of
	// the chain for every paragraph, and a document uses a few styles.
	levels map[string]int
}

type xVal struct {
	Val *string `xml:"val,attr"`
}

func (v *xVal) str() (string, bool) {
	if v == nil || v.Val == nil {
		return "", false
	}
	return *v.Val, true
}

// integer reads a decimal attribute, accepting only values in [lo, hi].
func (v *xVal) integer(lo, hi int) (int, bool) {
	s, ok := v.str()
	if !ok {
		return 0, false
	}
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < lo || n > hi {
		return 0, false
	}
	return n, true
}

// on reads an OOXML boolean property: present without a value means true.
func (v *xVal) on() bool {
	if v == nil {
		return false
	}
	s, ok := v.str()
	return !ok || truthy(s)
}

func truthy(s string) bool {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "0", "false", "off", "none":
		return false
	}
	return true
}

type xNumPr struct {
	Ilvl  *xVal `xml:"ilvl"`
	NumID *xVal `xml:"numId"`
}

type xStyles struct {
	Styles []xStyle `xml:"style"`
}

type xStyle struct {
	Type    string `xml:"type,attr"`
	ID      string `xml:"styleId,attr"`
	Default string `xml:"default,attr"`
	Name    *xVal  `xml:"name"`
	BasedOn *xVal  `xml:"basedOn"`
	PPr     struct {
		OutlineLvl *xVal   `xml:"outlineLvl"`
		NumPr      *xNumPr `xml:"numPr"`
	} `xml:"pPr"`
}

func readStyles(p *pkg, part string) (*styles, error) {
	var x xStyles
	if !p.scanSmall(part, func(t *tokens) error { return scanStyles(t, &x) }) {
		x = xStyles{}
		if err := p.decode(part, &x); err != nil {
			return nil, err
		}
	}
	st := &styles{byID: make(map[string]*style, len(x.Styles))}
	for _, s := range x.Styles {
		if s.Type != "" && s.Type != "paragraph" && s.Type != "numbering" {
			continue
		}
		y := &style{id: s.ID, outline: -1}
		y.name, _ = s.Name.str()
		y.basedOn, _ = s.BasedOn.str()
		if n, ok := s.PPr.OutlineLvl.integer(0, 9); ok {
			y.outline = n
		}
		if np := s.PPr.NumPr; np != nil {
			y.numID, y.hasNum = np.NumID.integer(0, 1<<30)
			y.ilvl, y.hasIlvl = np.Ilvl.integer(0, 8)
		}
		if _, dup := st.byID[s.ID]; !dup {
			st.byID[s.ID] = y
		}
		if s.Type != "numbering" && s.Default != "" && truthy(s.Default) && st.def == "" {
			st.def = s.ID
		}
	}
	return st, nil
}

// chain walks id and the styles it is based on, nearest first. Cycles and
// absurd depths stop the walk.
func (st *styles) chain(id string, visit func(*style) bool) {
	if id == "" {
		id = st.def
	}
	for range 32 {
		s := st.byID[id]
		if s == nil || !visit(s) {
			return
		}
		id = s.basedOn
	}
}

var headingName = lazyre.New(`^(?:heading|标题)\s*([1-9])$`)

// headingLevel is the 1-based outline level of paragraph style id, or 0
// when the style is body text. Word writes English built-in names ("heading
// 1") whatever the UI language; WPS and hand-made styles use 标题 1.
func (st *styles) headingLevel(id string) int {
	if level, ok := st.levels[id]; ok {
		return level
	}
	level := st.findHeadingLevel(id)
	if st.levels == nil {
		st.levels = map[string]int{}
	}
	st.levels[id] = level
	return level
}

func (st *styles) findHeadingLevel(id string) int {
	level := 0
	st.chain(id, func(s *style) bool {
		if s.outline >= 0 {
			if s.outline < 9 {
				level = s.outline + 1
			}
			return false
		}
		for _, n := range []string{strings.ToLower(strings.TrimSpace(s.name)), strings.ToLower(s.id)} {
			if m := headingName.FindStringSubmatch(n); m != nil {
				level = int(m[1][0] - '0')
				return false
			}
			if n == "title" || n == "标题" {
				level = 1
				return false
			}
		}
		return true
	})
	return level
}

// numbering returns the list numbering a paragraph style applies.
func (st *styles) numbering(id string) (numID, ilvl int, hasNum, hasIlvl bool) {
	st.chain(id, func(s *style) bool {
		if !hasNum && s.hasNum {
			numID, hasNum = s.numID, true
		}
		if !hasIlvl && s.hasIlvl {
			ilvl, hasIlvl = s.ilvl, true
		}
		return !(hasNum && hasIlvl)
	})
	return
}
