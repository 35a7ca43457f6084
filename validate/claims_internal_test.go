package validate

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/nianbao/nianbao/normalize"
)

// TestClaimSpecs_Keys: every cell-key template of the claims names cells
// of some template's tables for every cell group of its topics. The keys
// are the profiles' row and column keys written out; a key renamed in a
// profile would leave the claim silently unchecked.
func TestClaimSpecs_Keys(t *testing.T) {
	var cells []string
	for _, prof := range normalize.Profiles() {
		for _, tab := range prof.Tables {
			cells = append(cells, tab.CellKeys()...)
		}
	}
	for _, s := range claimSpecs {
		for _, topic := range s.topics {
			groups := topicGroups[topic]
			if len(groups) == 0 {
				groups = []string{""}
			}
			for _, g := range groups {
				for _, tmpl := range s.keys {
					pat := strings.ReplaceAll(tmpl, "{t}", g)
					found := false
					for _, k := range cells {
						found = found || keyPattern(pat).MatchString(k)
					}
					assert.True(t, found, "claim %q of topic %q: %s names no cell of any template", s.attr, topic, pat)
				}
			}
		}
	}
}
