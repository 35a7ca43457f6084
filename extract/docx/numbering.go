package docx

import (
	"strings"
	"unicode/utf8"
)

// maxLvlText bounds a level's label template. Word's dialog allows far
// less; the bound keeps a hostile numbering.xml from multiplying every
// numbered paragraph into megabytes of text.
const maxLvlText = 256

// level is one level of a list definition (w:lvl).
type level struct {
	start   int
	format  string // w:numFmt, e.g. "chineseCounting", "decimal", "bullet"
	text    string // w:lvlText, e.g. "%1、" or "（%1）"
	hasText bool
	restart int  // w:lvlRestart: -1 absent, 0 never, k restart after level k (1-based)
	legal   bool // w:isLgl: show every number of the label in decimal
	suffix  string
	style   string // w:pStyle: the paragraph style bound to this level
}

type abstractNum struct {
	levels    [9]*level
	styleLink string // w:numStyleLink: the levels live in another definition
}

type numInstance struct {
	abstract string
	levels   [9]*level // w:lvlOverride/w:lvl replacing the abstract level
	start    [9]int    // w:lvlOverride/w:startOverride
	hasStart [9]bool
}

// counters are the running numbers of one abstract list.
type counters struct {
	cur     [9]int
	started [9]bool
}

type numbering struct {
	styles    *styles
	abstracts map[string]*abstractNum
	nums      map[int]*numInstance
	state     map[string]*counters // by abstract list id
	used      map[int]bool         // numbering instances already applied
}

func newNumbering(st *styles) *numbering {
	return &numbering{styles: st, abstracts: map[string]*abstractNum{}, nums: map[int]*numInstance{},
		state: map[string]*counters{}, used: map[int]bool{}}
}

// reset forgets the counters, for reading the body again from its start.
func (n *numbering) reset() {
	n.state, n.used = map[string]*counters{}, map[int]bool{}
}

type xLvl struct {
	Ilvl       string `xml:"ilvl,attr"`
	Start      *xVal  `xml:"start"`
	NumFmt     *xVal  `xml:"numFmt"`
	LvlText    *xVal  `xml:"lvlText"`
	LvlRestart *xVal  `xml:"lvlRestart"`
	IsLgl      *xVal  `xml:"isLgl"`
	Suff       *xVal  `xml:"suff"`
	PStyle     *xVal  `xml:"pStyle"`
}

type xNumbering struct {
	Abstract []struct {
		ID           string `xml:"abstractNumId,attr"`
		Levels       []xLvl `xml:"lvl"`
		NumStyleLink *xVal  `xml:"numStyleLink"`
	} `xml:"abstractNum"`
	Num []struct {
		ID       string `xml:"numId,attr"`
		Abstract *xVal  `xml:"abstractNumId"`
		Override []struct {
			Ilvl  string `xml:"ilvl,attr"`
			Start *xVal  `xml:"startOverride"`
			Lvl   *xLvl  `xml:"lvl"`
		} `xml:"lvlOverride"`
	} `xml:"num"`
}

func (n *numbering) read(p *pkg, part string) error {
	var x xNumbering
	if err := p.decode(part, &x); err != nil {
		return err
	}
	for _, a := range x.Abstract {
		an := &abstractNum{}
		an.styleLink, _ = a.NumStyleLink.str()
		for i := range a.Levels {
			if il, ok := (&xVal{Val: &a.Levels[i].Ilvl}).integer(0, 8); ok && an.levels[il] == nil {
				an.levels[il] = newLevel(&a.Levels[i])
			}
		}
		if _, dup := n.abstracts[a.ID]; !dup {
			n.abstracts[a.ID] = an
		}
	}
	for _, m := range x.Num {
		id, ok := (&xVal{Val: &m.ID}).integer(1, 1<<30)
		if !ok {
			continue
		}
		ni := &numInstance{}
		ni.abstract, _ = m.Abstract.str()
		for _, o := range m.Override {
			il, ok := (&xVal{Val: &o.Ilvl}).integer(0, 8)
			if !ok {
				continue
			}
			if o.Lvl != nil {
				ni.levels[il] = newLevel(o.Lvl)
			}
			if s, ok := o.Start.integer(0, 1<<30); ok {
				ni.start[il], ni.hasStart[il] = s, true
			}
		}
		if _, dup := n.nums[id]; !dup {
			n.nums[id] = ni
		}
	}
	return nil
}

func newLevel(x *xLvl) *level {
	l := &level{start: 1, format: "decimal", restart: -1, suffix: "tab"}
	if s, ok := x.Start.integer(0, 1<<30); ok {
		l.start = s
	}
	if f, ok := x.NumFmt.str(); ok {
		l.format = f
	}
	if t, ok := x.LvlText.str(); ok {
		l.text, l.hasText = truncate(t, maxLvlText), true
	}
	if r, ok := x.LvlRestart.integer(0, 9); ok {
		l.restart = r
	}
	l.legal = x.IsLgl.on()
	if s, ok := x.Suff.str(); ok {
		l.suffix = s
	}
	l.style, _ = x.PStyle.str()
	return l
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// resolve finds the abstract list of a numbering instance, following
// numbering-style links (a list defined once in a style and referred to
// by several definitions).
func (n *numbering) resolve(numID int) (string, *abstractNum) {
	ni := n.nums[numID]
	if ni == nil {
		return "", nil
	}
	id := ni.abstract
	for range 8 {
		a := n.abstracts[id]
		if a == nil || a.styleLink == "" {
			return id, a
		}
		linked, _, ok, _ := n.styles.numbering(a.styleLink)
		if !ok || n.nums[linked] == nil || n.nums[linked].abstract == id {
			return id, a
		}
		id = n.nums[linked].abstract
	}
	return id, n.abstracts[id]
}

func (n *numbering) level(numID int, a *abstractNum, il int) *level {
	if ni := n.nums[numID]; ni != nil && ni.levels[il] != nil {
		return ni.levels[il]
	}
	if a == nil {
		return nil
	}
	return a.levels[il]
}

// levelForStyle is the level of list numID that is bound to paragraph
// style styleID, for styles that carry a numId but no ilvl.
func (n *numbering) levelForStyle(numID int, styleID string) int {
	_, a := n.resolve(numID)
	for il := range 9 {
		if l := n.level(numID, a, il); l != nil && l.style == styleID && styleID != "" {
			return il
		}
	}
	return 0
}

// next advances the counters of list numID at level il for one more
// paragraph and returns the label Word would show before it, or "" for
// bullets and unknown lists.
func (n *numbering) next(numID, il int) string {
	absID, a := n.resolve(numID)
	if a == nil || il < 0 || il > 8 {
		return ""
	}
	lv := n.level(numID, a, il)
	if lv == nil {
		return ""
	}
	c := n.state[absID]
	if c == nil {
		c = &counters{}
		n.state[absID] = c
	}
	if ni := n.nums[numID]; !n.used[numID] {
		// A startOverride restarts its level when its instance is first
		// used; that is how Word stores "restart numbering".
		n.used[numID] = true
		for k := range 9 {
			if ni.hasStart[k] {
				c.started[k] = false
			}
		}
	}
	if c.started[il] {
		c.cur[il]++
	} else {
		c.cur[il], c.started[il] = n.start(numID, lv, il), true
	}
	for d := il + 1; d < 9; d++ {
		dl := n.level(numID, a, d)
		if dl == nil || dl.restart == -1 || (dl.restart > 0 && il < dl.restart) {
			c.started[d] = false
		}
	}
	if !lv.hasText || lv.format == "bullet" {
		return ""
	}
	return n.label(numID, a, c, lv)
}

// start is the first number of level il in instance numID.
func (n *numbering) start(numID int, lv *level, il int) int {
	if ni := n.nums[numID]; ni != nil && ni.hasStart[il] {
		return ni.start[il]
	}
	return lv.start
}

func (n *numbering) label(numID int, a *abstractNum, c *counters, lv *level) string {
	var sb strings.Builder
	t := lv.text
	for i := 0; i < len(t); i++ {
		if t[i] != '%' || i+1 >= len(t) || t[i+1] < '1' || t[i+1] > '9' {
			sb.WriteByte(t[i])
			continue
		}
		k := int(t[i+1] - '1')
		i++
		kl := n.level(numID, a, k)
		if kl == nil {
			continue
		}
		v := n.start(numID, kl, k)
		if c.started[k] {
			v = c.cur[k]
		}
		f := kl.format
		if lv.legal {
			f = "decimal"
		}
		sb.WriteString(formatNumber(v, f))
	}
	s := strings.TrimSpace(sb.String())
	switch {
	case s == "" || lv.suffix == "nothing":
		return s
	case lv.suffix == "space":
		return s + " "
	}
	// The default tab after the label would read as a gap between two
	// Chinese characters ("一、 总体情况"), where typed text has none.
	if r, _ := utf8.DecodeLastRuneInString(s); isWide(r) {
		return s
	}
	return s + " "
}
