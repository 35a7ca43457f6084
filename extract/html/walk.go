package html

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/nianbao/nianbao/extract"
)

// walker lays the chosen body out through an extract.Builder: inline text
// gathers into a pending paragraph, every block boundary and <br> ends it,
// and tables go out row by row.
type walker struct {
	b        *extract.Builder
	lines    []int // source line of each block added so far
	maxDepth int
	layouts  map[*html.Node]bool // see scorer
	grid     int                 // grid positions tables may still use
	// pairs traces the text nodes to the page (see pairer).
	pairs pairer

	// cur is the source line the walk has reached: the line of the last
	// start tag visited plus the newlines of the text since. Text nodes
	// carry no line of their own, so a paragraph starts at cur plus the
	// newlines before its first character.
	cur int
	p   pending

	sawTitle bool
}

// pending is the paragraph being gathered.
type pending struct {
	sb          extract.Traced
	line        int  // source line of its first visible character
	bold, plain int  // text runs inside and outside bold
	heading     bool // inside <h1>…<h6>
	runes, link int  // visible characters, and those inside <a>
}

// context is what enclosing elements say about the text below them.
type context struct {
	bold, heading, pre, link bool
}

// mark advances cur to the line of n's start tag.
func (w *walker) mark(n *html.Node) {
	if l := lineOf(n); l > w.cur {
		w.cur = l
	}
}

func (w *walker) walk(n *html.Node, depth int, c context) error {
	if depth > w.maxDepth {
		return errDepth(w.maxDepth)
	}
	switch n.Type {
	case html.TextNode:
		w.text(w.visible(n), c)
		return nil
	case html.ElementNode, html.DocumentNode:
	default:
		return nil
	}
	w.mark(n)
	if n.Type == html.ElementNode && (invisible(n) || chrome(n)) {
		return nil
	}
	a := n.DataAtom
	switch a {
	case atom.Br:
		// A title split over two lines with <br> is still one heading.
		if c.heading {
			w.p.sb.WriteByte('\n')
		} else {
			w.flush()
		}
		return nil
	case atom.Hr:
		w.flush()
		return nil
	case atom.Table:
		lay := isLayout(n, w.layouts)
		// The entry would keep the table from being released.
		delete(w.layouts, n)
		if !lay {
			w.flush()
			return w.table(n, depth)
		}
	}
	blk := block(a)
	if blk {
		w.flush()
	}
	if headingTag(a) {
		c.heading = true
	}
	if bold(n) {
		c.bold = true
	}
	switch a {
	case atom.Pre:
		c.pre = true
	case atom.A:
		c.link = true
	}
	for ch := n.FirstChild; ch != nil; {
		if err := w.walk(ch, depth+1, c); err != nil {
			return err
		}
		next := ch.NextSibling
		w.release(ch)
		ch = next
	}
	if blk {
		w.flush()
	}
	return nil
}

// release lets go of child n of an element once the walk is done with
// it: the page's tree is some ten times the page, and the document the
// walk builds is its own copy of the text, so the tree is dropped as
// the document grows rather than held until it is built.
func (w *walker) release(n *html.Node) {
	w.pairs.skip(n)
	n.Parent.RemoveChild(n)
}

// text adds a text node to the pending paragraph. In <pre> each source
// line is a paragraph of its own.
func (w *walker) text(ts extract.Traced, c context) {
	for {
		s := ts.String()
		line, more := s, false
		lt, rest := ts, extract.Traced{}
		if c.pre {
			if i := strings.IndexByte(s, '\n'); i >= 0 {
				line, more = s[:i], true
				lt, rest = ts.Slice(0, i), ts.Slice(i+1, len(s))
			}
		}
		if t := strings.TrimSpace(line); t != "" {
			if w.p.line == 0 {
				w.p.line = w.cur + strings.Count(line[:strings.Index(line, t)], "\n")
			}
			if c.bold {
				w.p.bold++
			} else {
				w.p.plain++
			}
			n := utf8.RuneCountInString(t)
			w.p.runes += n
			if c.link {
				w.p.link += n
			}
			w.p.heading = w.p.heading || c.heading
		}
		w.p.sb.WriteTraced(lt)
		w.cur += strings.Count(line, "\n")
		if !more {
			return
		}
		w.cur++
		w.flush()
		ts = rest
	}
}

// flush ends the pending paragraph, dropping it if it is site chrome.
func (w *walker) flush() {
	p := &w.p
	// The builder joins the lines again, with their sources: joining
	// twice gives what joining once does, so the text for the tests
	// below is joined without them.
	jt := p.sb
	text := extract.JoinLines(jt.String())
	line, heading, allBold, links := p.line, p.heading, p.bold > 0 && p.plain == 0, p.link*2 > p.runes
	p.sb.Reset()
	p.line, p.bold, p.plain, p.heading, p.runes, p.link = 0, 0, 0, false, 0, 0
	if text == "" || chromeLine(text) || links {
		// Lines mostly of links are menus, lists of related pages and
		// "上一篇" bars, not report text.
		return
	}
	kind := extract.Paragraph
	switch {
	case heading, headingLine(text, allBold):
		kind = extract.Heading
	case !w.sawTitle && titleLine(text):
		// Titles are often a centred <p>; mark them as the <h1> they
		// stand for.
		kind = extract.Heading
	}
	if titleLine(text) {
		w.sawTitle = true
	}
	w.addTraced(kind, jt, line)
}

func (w *walker) add(kind extract.Kind, text string, line int) {
	w.addTraced(kind, extract.TracedText(text), line)
}

func (w *walker) addTraced(kind extract.Kind, text extract.Traced, line int) {
	if line == 0 {
		line = w.cur
	}
	w.b.ParagraphTraced(kind, text)
	w.lines = append(w.lines, max(line, 1))
}

// visible is the visible text of a text node (see the function visible),
// traced to the page when the node was.
func (w *walker) visible(n *html.Node) extract.Traced {
	t, ok := w.pairs.trace(n)
	if !ok || strings.Contains(n.Data, lineAttr) {
		return extract.TracedText(visible(n.Data))
	}
	if !hasInvisible(n.Data) {
		return t
	}
	return t.Filter(func(r rune) bool {
		switch r {
		case '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad':
			return false
		}
		return true
	})
}
