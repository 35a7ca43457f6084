package html

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"strconv"

	"golang.org/x/net/html"

	"github.com/nianbao/nianbao/extract"
)

// lineAttr is the attribute annotate adds to every start tag to carry its
// source line through html.Parse, which keeps attributes but not positions.
const lineAttr = "nianbao-line"

// maxElements bounds the start tags of one page. Parsed nodes cost a few
// hundred bytes each, so a page of nothing but <br> within MaxBytes could
// otherwise take gigabytes; real report pages have a few thousand.
const maxElements = 1 << 20

// annotate reads src, marking every start tag to get lineAttr="N",
// where N is the 1-based source line of its "<"; the page so marked is
// read from what it returns. On the way it estimates how deeply
// the parser will nest elements and refuses pages nested deeper than twice
// maxDepth or with more than maxElements elements, before html.Parse, whose
// scope checks cost time proportional to the depth for every tag, sees them.
//
// The estimate follows the implied end tags that matter on real pages (a
// <p> or <li> or <td> closes its open predecessor) and otherwise counts
// open tags; the slack of two keeps it from refusing pages that the tree
// walk, which checks maxDepth exactly, would accept. (html.Parse itself
// gives up beyond 512 open elements, so a larger maxDepth buys nothing.)
//
// When toks is not nil, the text tokens are added to it (see tokens).
func annotate(src []byte, maxDepth int, toks *tokens) (*marked, error) {
	z := html.NewTokenizer(bytes.NewReader(src))
	tags := min(bytes.Count(src, []byte{'<'}), maxElements)
	out := &marked{src: src, line: 1}
	if toks != nil {
		toks.page = src
		// A text token stands between two tags at most: sized at once,
		// as growing the list by appends left a trail of copies as
		// large as the tree's text nodes.
		toks.list = make([]token, 0, tags+1)
	}
	var (
		off      int
		stack    openStack
		elements int
		re       reopened
		names    = map[string]string{}
	)
	// tagName is z.TagName as a string, taken from the raw bytes of the
	// tag at src[off:] without the copy TagName makes of every name, and
	// interned: a page uses a few dozen tag names thousands of times.
	tagName := func(off int) string {
		i := off + 1
		if src[i] == '/' {
			i++
		}
		j := i
		for j < len(src) && !tagNameEnd(src[j]) {
			if c := src[j]; 'A' <= c && c <= 'Z' || c == 0 {
				b, _ := z.TagName() // lower case, NUL as U+FFFD
				return string(b)
			}
			j++
		}
		if v, ok := names[string(src[i:j])]; ok {
			return v
		}
		v := string(src[i:j])
		names[v] = v
		return v
	}
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		// Raw's contents change once TagName runs; only its length is used,
		// and the bytes are copied from src.
		n := len(z.Raw())
		if tt == html.StartTagToken || tt == html.SelfClosingTagToken {
			i := off + 1
			for i < off+n && !tagNameEnd(src[i]) {
				i++
			}
			out.marks = append(out.marks, i)
		} else {
			if tt == html.TextToken && toks != nil {
				toks.add(src[off:off+n], off, z.Text())
			}
		}
		off += n

		switch tt {
		case html.StartTagToken, html.SelfClosingTagToken:
			if elements++; elements > maxElements {
				return nil, fmt.Errorf("%w: more than %d elements", extract.ErrTooLarge, maxElements)
			}
			foreign, pushed, popped := stack.start(tagName(off-n), tt == html.SelfClosingTagToken)
			if foreign {
				// The parser does not switch to raw text in foreign content
				// (an SVG <title>); neither do we, so both see the same tags.
				z.NextIsNotRawText()
			}
			re.popped(popped, "")
			if pushed && !foreign && formatting[stack[len(stack)-1].tag] {
				// Only formatting elements can be active and need their key.
				top := &stack[len(stack)-1]
				top.key = string(src[off-n : off])
				top.active = re.opened(top.tag, top.key)
			}
			if len(stack) > 2*maxDepth {
				return nil, fmt.Errorf("%w: markup nested deeper than %d elements (see --max-depth)", extract.ErrTooLarge, maxDepth)
			}
		case html.EndTagToken:
			name := tagName(off - n)
			if popped := stack.end(name); popped != nil {
				re.popped(popped, name)
			} else if formatting[name] {
				re.closed(name)
			}
		case html.TextToken:
			if len(bytes.TrimSpace(src[off-n:off])) > 0 && len(re.lost) > 0 {
				re.text(&stack)
				if elements+re.nodes > maxElements {
					return nil, fmt.Errorf("%w: more than %d elements once the parser re-opens the formatting elements left open (%d)", extract.ErrTooLarge, maxElements, re.nodes)
				}
			}
		}
		// As the parser does: CDATA sections exist only in SVG and MathML.
		z.AllowCDATA(len(stack) > 0 && stack[len(stack)-1].foreign)
	}
	if toks != nil && len(toks.list) > 1<<12 && cap(toks.list)-len(toks.list) > len(toks.list)/4 {
		// Sized for a token after every tag, the list is about half
		// empty on a real page: cut to its length before the tree, which
		// is the peak, is built beside it (5 MB of a 10 MB page).
		toks.list = append(make([]token, 0, len(toks.list)), toks.list...)
	}
	return out, nil
}

// advanceLines advances line over the line ends in seg (LF, CRLF and CR
// each one), cr telling whether the byte before seg was a CR, as
// countLines does, counting LFs at once where seg holds no CR.
func advanceLines(seg []byte, line int, cr bool) (int, bool) {
	if len(seg) == 0 {
		return line, cr
	}
	if bytes.IndexByte(seg, '\r') >= 0 {
		return countLines(seg, line, cr)
	}
	// No CR: the line ends are the LFs, but for one that ends a CRLF
	// split across two pieces.
	line += bytes.Count(seg, []byte{'\n'})
	if cr && seg[0] == '\n' {
		line--
	}
	return line, false
}

// marked reads as the page with the line attribute written into every
// start tag. The parser reads it as it goes, so that the marked page,
// larger than the page, is never held whole beside the tree the parser
// builds.
//
// A mark is where an attribute goes: just after a start tag's name. Its
// line is counted as the page is read, not kept with it: a page has a
// start tag every 25 bytes or so, and two words a tag were held through
// the parse (6 MB of a 10 MB page).
type marked struct {
	src   []byte
	marks []int  // where the attributes go, in order
	off   int    // the next byte of src to read
	line  int    // the line of src[off], 1-based
	cr    bool   // src[off-1] is a CR
	attr  []byte // the rest of the attribute being read
	buf   [40]byte
}

func (m *marked) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		if len(m.attr) > 0 {
			k := copy(p[n:], m.attr)
			m.attr = m.attr[k:]
			n += k
			continue
		}
		end := len(m.src)
		if len(m.marks) > 0 {
			end = m.marks[0]
		}
		if m.off < end {
			k := copy(p[n:], m.src[m.off:end])
			m.line, m.cr = advanceLines(m.src[m.off:m.off+k], m.line, m.cr)
			m.off += k
			n += k
			continue
		}
		if len(m.marks) == 0 {
			break
		}
		// The tag's name holds no line end: the line here is its "<"'s.
		b := append(m.buf[:0], " "+lineAttr+`="`...)
		b = strconv.AppendInt(b, int64(m.line), 10)
		m.attr = append(b, '"')
		m.marks = m.marks[1:]
	}
	if n == 0 && len(p) > 0 {
		return 0, io.EOF
	}
	return n, nil
}

// open is an element the estimate holds open.
type open struct {
	tag     string
	foreign bool // in the SVG or MathML namespace
	// active marks a formatting element the parser keeps active, key
	// its name and attributes (see reopened).
	active bool
	key    string
}

// openStack follows the parser's stack of open elements closely enough
// to estimate nesting and to know where content is foreign.
type openStack []open

// inForeign reports whether a start tag now would be foreign content:
// inside SVG or MathML but not at a point where they admit HTML.
func (s openStack) inForeign() bool {
	if len(s) == 0 {
		return false
	}
	top := s[len(s)-1]
	return top.foreign && !integrationPoints[top.tag]
}

// start opens tag and reports whether it is foreign content and whether
// it was pushed; popped are the elements it closed.
func (s *openStack) start(tag string, selfClosing bool) (foreign, pushed bool, popped []open) {
	n := len(*s)
	if s.inForeign() && breakout[tag] {
		// An HTML element in SVG ends the SVG.
		for s.inForeign() {
			*s = (*s)[:len(*s)-1]
		}
	}
	foreign = s.inForeign() || tag == "svg" || tag == "math"
	switch {
	case foreign && selfClosing:
		return foreign, false, s.popped(n)
	case !foreign && voidElements[tag]:
		return false, false, s.popped(n)
	case !foreign:
		*s = closeImplied(*s, tag)
	}
	popped = s.popped(n)
	*s = append(*s, open{tag: tag, foreign: foreign})
	return foreign, true, popped
}

// popped copies the elements between the stack's length and n, which
// the stack just lost (before anything is pushed over them).
func (s openStack) popped(n int) []open {
	if n <= len(s) {
		return nil
	}
	return append([]open(nil), s[len(s):n]...)
}

// end closes the innermost open tag and what it holds, if tag is open,
// and returns what it closed: a view of the stack's storage, good until
// the next push.
func (s *openStack) end(tag string) []open {
	for i := len(*s) - 1; i >= 0; i-- {
		if (*s)[i].tag == tag {
			closed := (*s)[i:len(*s):len(*s)]
			*s = (*s)[:i]
			return closed
		}
	}
	return nil
}

// integrationPoints are the SVG and MathML elements whose content is
// parsed as HTML.
var integrationPoints = set("foreignobject", "desc", "title", "mi", "mo", "mn", "ms", "mtext", "annotation-xml")

// breakout are the HTML start tags that end foreign content.
var breakout = set("b", "big", "blockquote", "body", "br", "center", "code", "dd", "div", "dl",
	"dt", "em", "embed", "h1", "h2", "h3", "h4", "h5", "h6", "head", "hr", "i", "img", "li",
	"listing", "menu", "meta", "nobr", "ol", "p", "pre", "ruby", "s", "small", "span", "strong",
	"strike", "sub", "sup", "table", "tt", "u", "ul", "var")

// tagNameEnd reports whether c ends a tag name, as the tokenizer reads it.
func tagNameEnd(c byte) bool {
	switch c {
	case ' ', '\n', '\r', '\t', '\f', '/', '>':
		return true
	}
	return false
}

var voidElements = map[string]bool{
	"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true,
	"img": true, "input": true, "keygen": true, "link": true, "meta": true,
	"param": true, "source": true, "track": true, "wbr": true, "image": true,
}

// Implied end tags: a start tag closes the open element of its group,
// unless a boundary element (the enclosing list or table) comes first.
var (
	liGroup     = []string{"li"}
	listBound   = []string{"ul", "ol", "table"}
	dGroup      = []string{"dt", "dd"}
	dlBound     = []string{"dl", "table"}
	optionGroup = []string{"option"}
	selectBound = []string{"select", "datalist"}
	trGroup     = []string{"tr"}
	tableBound  = []string{"table"}
	cellGroup   = []string{"td", "th"}
	rowBound    = []string{"table", "tr"}
	bodyGroup   = []string{"tbody", "thead", "tfoot"}
	closesP     = set("p", "div", "table", "ul", "ol", "dl", "h1", "h2", "h3", "h4", "h5", "h6",
		"section", "article", "blockquote", "pre", "form", "center", "hr")
)

// closeImplied pops the elements that a start tag of tag implicitly closes.
func closeImplied(stack openStack, tag string) openStack {
	switch tag {
	case "li":
		return popTo(stack, liGroup, listBound)
	case "dt", "dd":
		return popTo(stack, dGroup, dlBound)
	case "option", "optgroup":
		return popTo(stack, optionGroup, selectBound)
	case "tr":
		return popTo(stack, trGroup, tableBound)
	case "td", "th":
		return popTo(stack, cellGroup, rowBound)
	case "tbody", "thead", "tfoot":
		return popTo(stack, bodyGroup, tableBound)
	}
	if closesP[tag] && len(stack) > 0 && stack[len(stack)-1].tag == "p" {
		return stack[:len(stack)-1]
	}
	return stack
}

// popTo truncates stack below the topmost element in target, unless an
// element in boundary comes first. The groups are slices, not sets: they
// hold one to three names, and the walk down the stack runs for every
// cell and row of every table.
func popTo(stack openStack, target, boundary []string) openStack {
	for i := len(stack) - 1; i >= 0; i-- {
		switch {
		case slices.Contains(target, stack[i].tag):
			return stack[:i]
		case slices.Contains(boundary, stack[i].tag):
			return stack
		}
	}
	return stack
}

func set(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

// countLines advances line over the line ends in seg (LF, CRLF and CR
// each one), cr telling whether the byte before seg was a CR.
func countLines(seg []byte, line int, cr bool) (int, bool) {
	for _, c := range seg {
		switch c {
		case '\r':
			line++
			cr = true
			continue
		case '\n':
			if !cr {
				line++
			}
		}
		cr = false
	}
	return line, cr
}
