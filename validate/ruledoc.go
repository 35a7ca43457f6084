package validate

import (
	_ "embed"
	"errors"
	"fmt"
	"maps"
	"slices"

	"github.com/BurntSushi/toml"
)

// rulesTOML holds the title and doc of every rule in All and Cross. The words are
// data kept apart from the code that checks, so that each is written once
// and read as a whole, in both languages, by whoever reviews them.
//
//go:embed rules.toml
var rulesTOML string

// A bad rules.toml is a broken build, not a condition to run with: every
// test and every command fails at once, naming what is wrong.
func init() {
	if err := describe(append(append([]*Rule{}, All...), Cross...), rulesTOML); err != nil {
		panic(err)
	}
}

// ruleText is one rule's entry in rules.toml.
type ruleText struct {
	Title  Msg
	Text   Msg
	Before Msg
	After  Msg
}

// describe sets the Title and Doc of rules from the TOML text src. It
// fails when an entry names no rule, has a key it does not know or lacks
// a part in either language, or when a rule has no entry or was already
// described in code: a rule's words have one place.
func describe(rules []*Rule, src string) error {
	var texts map[string]ruleText
	md, err := toml.Decode(src, &texts)
	if err != nil {
		return fmt.Errorf("validate: rules.toml: %w", err)
	}
	var errs []error
	for _, k := range md.Undecoded() {
		errs = append(errs, fmt.Errorf("unknown key %s", k))
	}
	byID := map[string]*Rule{}
	for _, r := range rules {
		byID[r.ID] = r
		if _, ok := texts[r.ID]; !ok {
			errs = append(errs, fmt.Errorf("%s: no entry", r.ID))
		}
	}
	for _, id := range slices.Sorted(maps.Keys(texts)) {
		r, t := byID[id], texts[id]
		if r == nil {
			errs = append(errs, fmt.Errorf("%s: no such rule", id))
			continue
		}
		if r.Title != (Msg{}) || r.Doc != (Doc{}) {
			errs = append(errs, fmt.Errorf("%s: title or doc also set in code", id))
		}
		for _, part := range []struct {
			name string
			m    Msg
		}{{"title", t.Title}, {"text", t.Text}, {"before", t.Before}, {"after", t.After}} {
			if part.m.Zh == "" || part.m.En == "" {
				errs = append(errs, fmt.Errorf("%s: %s needs zh and en", id, part.name))
			}
		}
		r.Title, r.Doc = t.Title, Doc{Text: t.Text, Before: t.Before, After: t.After}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("validate: rules.toml: %w", err)
	}
	return nil
}
