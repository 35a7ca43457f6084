package docx

import "unsafe"

// scanSmall reads a small part (relationships, styles) with the scanner,
// which costs a fraction of what encoding/xml's Unmarshal does (whose
// tokens, names and attribute copies were a fifth of a DOCX read's
// allocations): root is called with the tokens just past the part's root
// start tag and must read up to its end. It reports false, having
// charged nothing to the archive's budget, when anything is unusual: the
// part cannot be read whole, the scanner leaves markup to encoding/xml,
// root meets an error (the depth limit among them), or bytes follow the
// root element. The caller then reads the part with encoding/xml, which
// gives every error. That last condition keeps the budget what the
// decoder would have charged: it reads a part up to its root's end tag,
// which is then all of it.
func (p *pkg) scanSmall(name string, root func(t *tokens) error) bool {
	if !scanDocument {
		return false
	}
	left := p.left
	src, err := p.readAll(name)
	if err != nil {
		p.left = left
		return false
	}
	t := &tokens{s: getScanner(src), part: name, max: p.maxDepth}
	ok := func() bool {
		for {
			if err := t.next(); err != nil {
				return false
			}
			if t.tok.kind == tokStart {
				break
			}
		}
		return root(t) == nil && t.depth == 0 && t.s.pos == len(src)
	}()
	putScanner(t.s)
	p.done(src)
	if !ok {
		p.left = left
	}
	return ok
}

// children calls f for each child element of the element whose start was
// just read, up to its end; f must consume the child.
func (t *tokens) children(f func(se elem) error) error {
	for {
		if err := t.next(); err != nil {
			return noEOF(err)
		}
		switch t.tok.kind {
		case tokEnd:
			return nil
		case tokStart:
			if err := f(t.tok.elem); err != nil {
				return err
			}
		}
	}
}

// eachAttr calls f with the local name and the decoded value of each
// attribute of se, which the scanner read, in order: Unmarshal matches
// attribute fields by local name in any namespace, the last one written
// winning. local is valid only during the call.
func (s *scanner) eachAttr(se elem, f func(local string, value func() string)) {
	for _, a := range se.fast {
		l := s.src[a.q0:a.q1]
		if a.colon >= 0 {
			l = s.src[a.colon+1 : a.q1]
		}
		f(unsafe.String(unsafe.SliceData(l), len(l)), func() string { return decodeChars(s.src[a.v0:a.v1]) })
	}
}

// local is the local name of se, as Unmarshal matches element fields.
func local(se elem) string { return se.Name.Local }

// scanVal is Unmarshal of an xVal field from element se: made on the
// first such element, its Val set by each val attribute, its children
// skipped.
func scanVal(t *tokens, se elem, v **xVal) error {
	if *v == nil {
		*v = &xVal{}
	}
	t.s.eachAttr(se, func(l string, value func() string) {
		if l == "val" {
			s := value()
			(*v).Val = &s
		}
	})
	return t.skip()
}

// scanRels is Unmarshal of a relationships part into list.
func scanRels(t *tokens, list *[]rel) error {
	return t.children(func(se elem) error {
		if local(se) != "Relationship" {
			return t.skip()
		}
		var r rel
		t.s.eachAttr(se, func(l string, value func() string) {
			switch l {
			case "Type":
				r.Type = value()
			case "Target":
				r.Target = value()
			case "TargetMode":
				r.TargetMode = value()
			}
		})
		*list = append(*list, r)
		return t.skip()
	})
}

// scanStyles is Unmarshal of a styles part into x.
func scanStyles(t *tokens, x *xStyles) error {
	return t.children(func(se elem) error {
		if local(se) != "style" {
			return t.skip()
		}
		x.Styles = append(x.Styles, xStyle{})
		s := &x.Styles[len(x.Styles)-1]
		t.s.eachAttr(se, func(l string, value func() string) {
			switch l {
			case "type":
				s.Type = value()
			case "styleId":
				s.ID = value()
			case "default":
				s.Default = value()
			}
		})
		return t.children(func(se elem) error {
			switch local(se) {
			case "name":
				return scanVal(t, se, &s.Name)
			case "basedOn":
				return scanVal(t, se, &s.BasedOn)
			case "pPr":
				return t.children(func(se elem) error {
					switch local(se) {
					case "outlineLvl":
						return scanVal(t, se, &s.PPr.OutlineLvl)
					case "numPr":
						if s.PPr.NumPr == nil {
							s.PPr.NumPr = &xNumPr{}
						}
						return t.children(func(se elem) error {
							switch local(se) {
							case "ilvl":
								return scanVal(t, se, &s.PPr.NumPr.Ilvl)
							case "numId":
								return scanVal(t, se, &s.PPr.NumPr.NumID)
							}
							return t.skip()
						})
					}
					return t.skip()
				})
			}
			return t.skip()
		})
	})
}
