package html

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/nianbao/nianbao/extract"
)

// stats summarize the text under a node. Text is measured in quarter
// characters: a Han character or digit is 4, a letter of other scripts 1,
// since a Latin word of five letters says about what one or two Chinese
// characters do.
type stats struct {
	text   int   // quarter characters of content text: not links, not chrome
	runes  int   // all visible non-space characters, links and chrome included
	title  uint8 // titleOpen: 公开 present; titleReport: 年度报告 or 年报 present
	tables int
	blocks int // block elements with content text and no such block inside
}

const (
	titleOpen uint8 = 1 << iota
	titleReport
)

func (s *stats) add(o stats) {
	s.text += o.text
	s.runes += o.runes
	s.title |= o.title
	s.tables += o.tables
	s.blocks += o.blocks
}

// bodyShare is the share of the page's content text, in percent, that the
// report body must hold. Content text leaves out links and chrome lines,
// so what else a page holds is little: a site name, a footer address. The
// body is the deepest element with this share; no two disjoint elements
// can have it, so the candidates form a chain and the deepest is unique.
// Losing a part of the report (a heading in a sibling <div>) costs more
// than keeping a line of furniture, hence a high share.
const bodyShare = 90

// cellInfo is what the table layout test needs to know of a cell.
type cellInfo struct {
	runes  int // visible non-space characters
	tables int // tables nested in the cell
}

// candidate is an element whose whole text reads as the report title.
type candidate struct {
	n          *html.Node
	start, end int  // pre-order numbers of n and of its last descendant
	prio       int  // 3 for <h1>, 2 for <h2>…<h6>, 1 otherwise
	chrome     bool // inside chrome, which the walk skips
}

// element is a content element with its share of the text.
type element struct {
	n          *html.Node
	text       int
	start, end int
}

// scorer walks the body once, measuring the content text of every element
// and noting table cells and title candidates on the way.
type scorer struct {
	maxDepth int
	order    int
	elements []element
	// cells holds what layout needs of the cells of the tables open in
	// the visit; layouts holds each table's answer once it is closed,
	// which is all the walk asks of its cells.
	cells   map[*html.Node]cellInfo
	layouts map[*html.Node]bool
	titles  []candidate

	// The chosen body and its pre-order range, set by choose.
	body               *html.Node
	bodyStart, bodyEnd int
}

type flags struct{ link, chrome bool }

func errDepth(max int) error {
	return fmt.Errorf("%w: markup nested deeper than %d elements (see --max-depth)", extract.ErrTooLarge, max)
}

func (s *scorer) visit(n *html.Node, depth int, f flags) (stats, error) {
	if depth > s.maxDepth {
		return stats{}, errDepth(s.maxDepth)
	}
	switch n.Type {
	case html.TextNode:
		return textStats(n.Data, f), nil
	case html.ElementNode:
	default:
		return stats{}, nil
	}
	if invisible(n) {
		return stats{}, nil
	}
	start := s.order
	s.order++
	if n.DataAtom == atom.A {
		f.link = true
	}
	if chrome(n) {
		f.chrome = true
	}
	var st stats
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		cs, err := s.visit(c, depth+1, f)
		if err != nil {
			return stats{}, err
		}
		st.add(cs)
	}
	if st.blocks == 0 && st.text > 0 && block(n.DataAtom) {
		st.blocks = 1
	}
	switch n.DataAtom {
	case atom.Table:
		st.tables++
		// Every cell of the table has been visited: its answer is final,
		// and the cells' entries, as many as the page has cells, go.
		s.layouts[n] = layout(n, s.cells)
		for _, r := range tableRows(n) {
			for td := range rowCells(r) {
				delete(s.cells, td)
			}
		}
	case atom.Td, atom.Th:
		s.cells[n] = cellInfo{runes: st.runes, tables: st.tables}
	}
	end := s.order - 1
	if st.title == titleOpen|titleReport && st.runes <= 80 && titleLine(textOf(n)) {
		s.titles = append(s.titles, candidate{n: n, start: start, end: end, prio: titlePrio(n.DataAtom), chrome: f.chrome})
	}
	if !f.chrome && st.blocks > 1 {
		// One block of text is a paragraph, however long, never the
		// report.
		s.elements = append(s.elements, element{n: n, text: st.text, start: start, end: end})
	}
	return st, nil
}

// choose sets the report body: the deepest container holding bodyShare
// of the content text of root, or root when there is no content text.
func (s *scorer) choose(root *html.Node, total int) {
	s.body, s.bodyStart, s.bodyEnd = root, 0, s.order
	for _, e := range s.elements {
		if e.text*100 >= total*bodyShare && e.start > s.bodyStart && s.container(e.n) {
			s.body, s.bodyStart, s.bodyEnd = e.n, e.start, e.end
		}
	}
}

// container reports whether n can hold the report body. Paragraphs,
// headings, lists and the parts of data tables are pieces of a report,
// however much of its text one of them holds (a long paragraph under a
// short heading, the one table of a short report).
func (s *scorer) container(n *html.Node) bool {
	switch n.DataAtom {
	case atom.P, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Li, atom.Ul,
		atom.Ol, atom.Dl, atom.Dt, atom.Dd, atom.Pre, atom.A, atom.Table, atom.Thead,
		atom.Tbody, atom.Tfoot, atom.Tr, atom.Caption:
		return false
	case atom.Td, atom.Th:
		for t := n.Parent; t != nil; t = t.Parent {
			if t.DataAtom == atom.Table {
				return isLayout(t, s.layouts)
			}
		}
	}
	return true
}

func titlePrio(a atom.Atom) int {
	switch {
	case a == atom.H1:
		return 3
	case headingTag(a):
		return 2
	}
	return 1
}

func textStats(data string, f flags) stats {
	t := strings.TrimSpace(visible(data))
	if t == "" {
		return stats{}
	}
	// One pass counts both the characters and, for when the text turns
	// out to be content, its quarter characters.
	var st stats
	text := 0
	for _, r := range t {
		switch {
		case r >= 0x4E00 && r <= 0x9FFF:
			// CJK Unified Ideographs, all Han: most of a report.
			st.runes++
			text += 4
		case r < utf8.RuneSelf:
			switch {
			case '0' <= r && r <= '9':
				st.runes++
				text += 4
			case 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z':
				st.runes++
				text++
			case !unicode.IsSpace(r):
				st.runes++
			}
		case unicode.IsSpace(r):
		default:
			st.runes++
			switch {
			case unicode.Is(unicode.Han, r):
				text += 4
			case unicode.IsLetter(r) || unicode.IsDigit(r):
				text++
			}
		}
	}
	if f.link {
		return st
	}
	if strings.Contains(t, "公开") {
		st.title |= titleOpen
	}
	if strings.Contains(t, "年度报告") || strings.Contains(t, "年报") {
		st.title |= titleReport
	}
	if f.chrome || chromeLine(t) {
		return st
	}
	st.text = text
	return st
}

// title returns the element holding the report's title when the chosen
// body does not show it: the best candidate before the body (or inside it
// but in chrome the walk skips), <h1> before <h2> before anything else,
// and of equals the nearest to the body.
func (s *scorer) title() *candidate {
	var best *candidate
	for i := range s.titles {
		c := &s.titles[i]
		inside := c.start >= s.bodyStart && c.start <= s.bodyEnd
		switch {
		case inside && !c.chrome:
			return nil
		case inside, c.start < s.bodyStart && c.end < s.bodyStart:
			if best == nil || c.prio > best.prio || (c.prio == best.prio && c.start > best.start) {
				best = c
			}
		}
	}
	return best
}

// textOf returns the visible text of n as one line; the breaks that
// blocks and <br> make inside it are joined as extract.JoinLines joins
// wrapped lines.
func textOf(n *html.Node) string {
	var sb strings.Builder
	var rec func(*html.Node)
	rec = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			sb.WriteString(visible(n.Data))
			return
		case html.ElementNode:
			if invisible(n) {
				return
			}
			if n.DataAtom == atom.Br || block(n.DataAtom) {
				sb.WriteByte('\n')
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			rec(c)
		}
	}
	rec(n)
	return extract.JoinLines(sb.String())
}

// headTitle returns the part of the page's <title> that reads as the
// report title ("XX局2023年政府信息公开工作年度报告_XX区人民政府" gives the
// part before "_"), and the <title> element, or "" and nil.
func headTitle(root *html.Node) (string, *html.Node) {
	t := find(root, atom.Title, 4)
	if t == nil {
		return "", nil
	}
	var sb strings.Builder
	for c := t.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.TextNode {
			sb.WriteString(visible(c.Data))
		}
	}
	parts := strings.FieldsFunc(sb.String(), func(r rune) bool {
		return r == '_' || r == '|' || r == '｜' || r == '—' || r == '－' || r == '-'
	})
	for _, p := range parts {
		if p = extract.JoinLines(p); titleLine(p) {
			return p, t
		}
	}
	return "", nil
}

// find returns the first element with atom a at most depth levels below n.
func find(n *html.Node, a atom.Atom, depth int) *html.Node {
	if n.Type == html.ElementNode && n.DataAtom == a {
		return n
	}
	if depth == 0 {
		return nil
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if f := find(c, a, depth-1); f != nil {
			return f
		}
	}
	return nil
}
