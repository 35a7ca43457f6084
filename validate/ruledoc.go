package validate

import (
	"slices"
	"strings"
)

// rules.toml holds the title and doc of every rule in All and Cross. The
// words are data kept apart from the code that checks, so that each is
// written once and read as a whole, in both languages, by whoever reviews
// them.
//
// The package does not decode it when it loads: decoding took 2 ms and
// 10,000 allocations of every process, the reader processes that never
// validate included. ruledoc_gen.go holds it decoded, as Go values that
// cost nothing to load; TestRuleDocGen fails when it no longer matches
// rules.toml or when rules.toml does not describe every rule wholly.
//
//go:generate go test -run TestRuleDocGen -update .

// init gives each rule its words from ruleTexts. It does not panic on a
// rule without them, so that go generate can still run the test that
// writes them; that test, and the one that every rule has a title, fail
// instead.
func init() {
	for _, rules := range [][]*Rule{All, Cross} {
		for _, r := range rules {
			i, ok := slices.BinarySearchFunc(ruleTexts[:], r.ID, func(e ruleEntry, id string) int { return strings.Compare(e.id, id) })
			if !ok {
				continue
			}
			t := &ruleTexts[i].ruleText
			r.Title, r.Doc = t.Title, Doc{Text: t.Text, Before: t.Before, After: t.After}
		}
	}
}

// A ruleEntry is one rule's words as ruledoc_gen.go lists them, by ID.
type ruleEntry struct {
	id string
	ruleText
}

// ruleText is one rule's entry in rules.toml.
type ruleText struct {
	Title  Msg
	Text   Msg
	Before Msg
	After  Msg
}
