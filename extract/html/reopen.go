package html

// reopened estimates the elements the parser creates beyond the tags of
// the source: a formatting element (<b>, <font>…) that an end tag of
// its container closes stays "active", and the parser opens a copy of it
// before the next text, in every later paragraph. Three hundred <b>
// closed by one </p> and followed by sixty thousand <p>x</p> are 480 KB
// of source and eighteen million nodes, gigabytes once parsed. The
// estimate follows annotate's stack: it counts the active elements that
// the stack lost, and adds them as nodes (and back onto the stack) at
// the next text, as the parser's reconstruction does.
//
// Identical elements are kept three at most (the "Noah's Ark" rule), and
// those opened in a table cell end with it, as in the parser.
type reopened struct {
	keys  map[string]int // active elements by tag and attributes
	lost  []open         // active elements no longer on the stack
	nodes int            // elements the parser will have re-opened
}

// formatting are the elements the parser keeps active.
var formatting = set("a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u")

// opened records a start tag pushed as e with the source text key (its
// name and attributes); it reports whether e is active.
func (r *reopened) opened(tag, key string) bool {
	if !formatting[tag] {
		return false
	}
	if r.keys == nil {
		r.keys = map[string]int{}
	}
	if r.keys[key] >= 3 {
		return false
	}
	r.keys[key]++
	return true
}

// popped records elements that left the stack: active ones closed by an
// end tag of their own name stop being active, others are lost.
// Closing a table cell or caption ends the active elements opened in it
// (the parser's marker), so those are not lost but gone.
func (r *reopened) popped(elems []open, endTag string) {
	scoped := false
	for i, e := range elems {
		scoped = scoped || markers[e.tag]
		if !e.active {
			continue
		}
		if scoped || i == 0 && e.tag == endTag {
			r.keys[e.key]--
			continue
		}
		r.lost = append(r.lost, e)
	}
}

// markers are the elements that scope the active formatting elements.
var markers = set("td", "th", "caption", "applet", "object", "marquee", "template")

// closed records an end tag of a formatting element that was not open:
// the parser ends the active element of that name anyway.
func (r *reopened) closed(tag string) {
	for i := len(r.lost) - 1; i >= 0; i-- {
		if r.lost[i].tag == tag {
			r.keys[r.lost[i].key]--
			r.lost = append(r.lost[:i], r.lost[i+1:]...)
			return
		}
	}
}

// text records content: the lost elements are opened again on stack.
func (r *reopened) text(stack *openStack) {
	r.nodes += len(r.lost)
	*stack = append(*stack, r.lost...)
	r.lost = r.lost[:0]
}
