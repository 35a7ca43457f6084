// Package lazyre takes the source of a regular expression when a package
// loads and compiles it on first use. The regexps that normalize, numtok
// and validate declare at package level took 1 ms and several thousand
// allocations to compile in every process that links them, the reader
// processes that never validate and the cold one-file check included; most
// runs use a few of them. A Regexp answers exactly as the regexp.Regexp
// compiled from its source, which Re returns.
//
// The standard library keeps the same helper to itself
// (internal/lazyregexp); this is that idea with the methods nianbao calls.
package lazyre

import (
	"regexp"
	"sync"
)

// A Regexp is a regular expression compiled on first use. It is safe for
// concurrent use.
type Regexp struct {
	src  string
	once sync.Once
	re   *regexp.Regexp
}

// New returns the regexp of src, not yet compiled. A bad src panics on
// first use, as regexp.MustCompile would at load; TestAll compiles every
// one that a package of nianbao declares.
func New(src string) *Regexp {
	r := &Regexp{src: src}
	mu.Lock()
	all = append(all, r)
	mu.Unlock()
	return r
}

var (
	mu  sync.Mutex
	all []*Regexp
)

// All lists the regexps made by New so far.
func All() []*Regexp {
	mu.Lock()
	defer mu.Unlock()
	return append([]*Regexp(nil), all...)
}

// Re returns the compiled regexp.
func (r *Regexp) Re() *regexp.Regexp {
	r.once.Do(func() { r.re = regexp.MustCompile(r.src) })
	return r.re
}

// String returns the source text.
func (r *Regexp) String() string { return r.src }

func (r *Regexp) MatchString(s string) bool            { return r.Re().MatchString(s) }
func (r *Regexp) FindString(s string) string           { return r.Re().FindString(s) }
func (r *Regexp) FindStringIndex(s string) []int       { return r.Re().FindStringIndex(s) }
func (r *Regexp) FindStringSubmatch(s string) []string { return r.Re().FindStringSubmatch(s) }
func (r *Regexp) FindStringSubmatchIndex(s string) []int {
	return r.Re().FindStringSubmatchIndex(s)
}
func (r *Regexp) FindAllStringIndex(s string, n int) [][]int {
	return r.Re().FindAllStringIndex(s, n)
}
func (r *Regexp) FindAllStringSubmatch(s string, n int) [][]string {
	return r.Re().FindAllStringSubmatch(s, n)
}
func (r *Regexp) FindAllStringSubmatchIndex(s string, n int) [][]int {
	return r.Re().FindAllStringSubmatchIndex(s, n)
}
func (r *Regexp) ReplaceAllString(src, repl string) string {
	return r.Re().ReplaceAllString(src, repl)
}
