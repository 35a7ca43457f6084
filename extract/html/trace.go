package html

import (
	"bytes"

	"golang.org/x/net/html"

	"github.com/nianbao/nianbao/extract"
)

// The parser keeps no positions, so the text nodes of the tree are traced
// to the page by their tokens: annotate, which tokenizes the page anyway,
// keeps each text token with the page bytes of every character
// (traceToken), and traceNodes pairs the tree's text nodes, in document
// order, with the tokens they were made of. A node the parser made
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
	if bytes.Equal(raw, text) && bytes.IndexByte(raw, '&') < 0 && bytes.IndexByte(raw, '\r') < 0 {
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

// traceNodes pairs the text nodes under root with the text tokens of the
// page, in document order, and returns the traced text of each node
// paired.
func traceNodes(root *html.Node, tokens []extract.Traced) map[*html.Node]extract.Traced {
	out := map[*html.Node]extract.Traced{}
	next := 0
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode && n.Data != "" {
			if t, k, ok := pairTokens(n.Data, tokens, next); ok {
				out[n] = t
				next = k
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	return out
}

// pairTokens finds, from token next on, the run of consecutive tokens
// whose texts make up data, and returns their traced text and the index
// after the run.
func pairTokens(data string, tokens []extract.Traced, next int) (extract.Traced, int, bool) {
	if next < len(tokens) && tokens[next].Is(data) {
		// One token makes the node, the common case: the token's traced
		// text is the node's, shared rather than copied (nothing writes
		// to either after this).
		return tokens[next], next + 1, true
	}
	for j := next; j < len(tokens) && j < next+tracePieceWindow; j++ {
		var t extract.Traced
		rest := data
		k := j
		for k < len(tokens) && rest != "" {
			n := tokens[k].Len()
			if n == 0 || n > len(rest) || !tokens[k].Is(rest[:n]) {
				break
			}
			t.WriteTraced(tokens[k])
			rest = rest[n:]
			k++
		}
		if rest == "" {
			return t, k, true
		}
	}
	return extract.Traced{}, next, false
}
