package html

import (
	"bytes"

	"golang.org/x/net/html"

	"github.com/nianbao/nianbao/extract"
)

// The parser keeps no positions, so the text nodes of the tree are traced
// to the page by their tokens: annotate, which tokenizes the page anyway,
// keeps each text token with the page bytes of every character
// (traceToken, tokens), and the walk pairs the tree's text nodes, in
// document order, with the tokens they were made of (pairer). A node the parser made
// otherwise (text moved out of a table, a leading newline dropped after
// <pre>) pairs with nothing and stays without a source, which only means
// that no fix can be made in it.

// traceToken returns the text of a text token, whose raw bytes are
// raw and start at page offset start, traced to those bytes: byte for
// byte where the text reads as written, an entity or a CRLF as a whole.
// text is the token's text as the tokenizer gives it, good until its
// next token; a token whose bytes do not line up with it is returned
// without a source. pieces is storage for the pieces.
func traceToken(raw []byte, start int, text []byte, node int, pieces *extract.Pieces) extract.Traced {
	if asWritten(raw, text) {
		// Text as written, the common case: what Align gives, one piece,
		// without its walk over the bytes, and the page's own bytes
		// rather than a copy (the page does not change while it is read).
		return extract.TracedView(raw, extract.Span{Start: start, End: start + len(raw)}, node, pieces)
	}
	decoded := string(text)
	t, ok := extract.Align(string(raw), start, decoded, node, func(s string, i int, _ string) (int, string) {
		k := entityEnd(s, i)
		return k, html.UnescapeString(s[i:k])
	})
	if !ok {
		return extract.TracedText(decoded)
	}
	return t
}

// asWritten reports whether a text token's text is its raw bytes as
// written, with no entity or CR that the tokenizer replaced.
func asWritten(raw, text []byte) bool {
	return bytes.Equal(raw, text) && bytes.IndexByte(raw, '&') < 0 && bytes.IndexByte(raw, '\r') < 0
}

// entityEnd returns the end of the character reference that starts at
// s[i] == '&': "&#" and digits, "&#x" and hex digits, or a name, each
// with its ";" if there is one. Unescaping just that much gives what the
// tokenizer made of it (a name without ";" that is no entity stays as
// written).
func entityEnd(s string, i int) int {
	k := i + 1
	digit := func(c byte) bool { return '0' <= c && c <= '9' }
	hex := func(c byte) bool { return digit(c) || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' }
	alnum := func(c byte) bool { return digit(c) || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
	more := alnum
	if k < len(s) && s[k] == '#' {
		k++
		more = digit
		if k < len(s) && (s[k] == 'x' || s[k] == 'X') {
			k++
			more = hex
		}
	}
	for k < len(s) && more(s[k]) {
		k++
	}
	if k < len(s) && s[k] == ';' {
		k++
	}
	return k
}

// tracePieceWindow bounds how far ahead of the last token paired the
// pairing looks for the tokens of a text node.
const tracePieceWindow = 32

// tokens are the text tokens of a page, kept small until a text node is
// paired with them: a token that reads as written (most of them) is its
// byte range of the page, made a Traced only for the node that asks for
// it, where a Traced for every token, held while the tree is walked, was
// about as large as the page's tree of nodes. Other tokens are traced at
// once, while the tokenizer still holds their text.
type tokens struct {
	page   []byte
	list   []token
	traced []extract.Traced // the tokens traced at once
	pieces extract.Pieces
}

// token is a text token: the page's bytes start to end, read as written,
// or, when start is negative, the token traced[-1-start] (end unused).
// Two words, not three: a page of tables has a token for every cell.
type token struct {
	start, end int
}

// add records the text token whose raw bytes are raw and start at page
// offset start; text is its text as the tokenizer gives it.
func (ts *tokens) add(raw []byte, start int, text []byte) {
	tok := token{start: start, end: start + len(raw)}
	if !asWritten(raw, text) {
		tok = token{start: -1 - len(ts.traced)}
		ts.traced = append(ts.traced, traceToken(raw, start, text, len(ts.list), &ts.pieces))
	}
	ts.list = append(ts.list, tok)
}

// is reports whether token i's text is s.
func (ts *tokens) is(i int, s string) bool {
	if t := ts.list[i]; t.start >= 0 {
		return string(ts.page[t.start:t.end]) == s
	}
	return ts.traced[-1-ts.list[i].start].Is(s)
}

// size is the length of token i's text.
func (ts *tokens) size(i int) int {
	if t := ts.list[i]; t.start >= 0 {
		return t.end - t.start
	}
	return ts.traced[-1-ts.list[i].start].Len()
}

// get returns token i traced, as traceToken gives it.
func (ts *tokens) get(i int) extract.Traced {
	t := ts.list[i]
	if t.start < 0 {
		return ts.traced[-1-t.start]
	}
	return extract.TracedView(ts.page[t.start:t.end], extract.Span{Start: t.start, End: t.end}, i, &ts.pieces)
}

// pairer pairs the text nodes of a tree with the text tokens of the page,
// in document order, as the walk asks for them: each text node with the
// run of consecutive tokens, from the last paired on, whose texts make up
// its text. Pairing as the walk goes needs no table of the pairs, and the
// walk can let go of the nodes behind it (see release).
//
// The walk asks for the text nodes it reads in document order; those it
// skips (hidden, chrome, outside the report body) are paired on the way
// all the same, so that every node pairs as it would in a pass over the
// whole tree.
type pairer struct {
	toks *tokens
	next int        // the first token not yet paired
	at   *html.Node // the next node in document order, nil at the end
}

// trace returns the text of text node n traced to the page, or false if
// no run of tokens makes it up (a node the parser made otherwise: text
// moved out of a table, a leading newline dropped after <pre>).
func (p *pairer) trace(n *html.Node) (extract.Traced, bool) {
	for p.at != nil {
		c := p.at
		p.at = following(c)
		if c.Type != html.TextNode || c.Data == "" {
			continue
		}
		j, k, ok := p.pair(c.Data)
		if ok {
			p.next = k
		}
		if c != n {
			continue
		}
		if !ok {
			return extract.Traced{}, false
		}
		if k == j+1 {
			// One token makes the node, the common case: the token's
			// traced text is the node's.
			return p.toks.get(j), true
		}
		var t extract.Traced
		for i := j; i < k; i++ {
			t.WriteTraced(p.toks.get(i))
		}
		return t, true
	}
	return extract.Traced{}, false
}

// skip pairs the text nodes up to the end of n's subtree, which the walk
// has done with.
func (p *pairer) skip(n *html.Node) {
	stop := after(n)
	for p.at != nil && p.at != stop {
		if c := p.at; c.Type == html.TextNode && c.Data != "" {
			if _, k, ok := p.pair(c.Data); ok {
				p.next = k
			}
		}
		p.at = following(p.at)
	}
}

// pair finds, from token p.next on, the run of consecutive tokens j to k
// whose texts make up data.
func (p *pairer) pair(data string) (j, k int, ok bool) {
	ts := p.toks
	if p.next < len(ts.list) && ts.is(p.next, data) {
		return p.next, p.next + 1, true
	}
	for j := p.next; j < len(ts.list) && j < p.next+tracePieceWindow; j++ {
		rest := data
		k := j
		for k < len(ts.list) && rest != "" {
			n := ts.size(k)
			if n == 0 || n > len(rest) || !ts.is(k, rest[:n]) {
				break
			}
			rest = rest[n:]
			k++
		}
		if rest == "" {
			return j, k, true
		}
	}
	return 0, 0, false
}

// following returns the node after n in document order, or nil.
func following(n *html.Node) *html.Node {
	if n.FirstChild != nil {
		return n.FirstChild
	}
	return after(n)
}

// after returns the first node after n's subtree in document order, or nil.
func after(n *html.Node) *html.Node {
	for ; n != nil; n = n.Parent {
		if n.NextSibling != nil {
			return n.NextSibling
		}
	}
	return nil
}
