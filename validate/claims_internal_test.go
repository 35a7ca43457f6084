package validate

import (
	"os"
	"path/filepath"
	"reflect"
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

// TestFindAllAtDigits: the anchored search at digits finds what countRE
// finds over the whole text, on the prose of the rules' test cases.
func TestFindAllAtDigits(t *testing.T) {
	texts := []string{"收到申请368 条，其中1,234,5678件、1.2万余件和12345条；第3次", "2023年共6,391条，8份", "", "无数字"}
	files, _ := filepath.Glob("testdata/rules/*.txtar")
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err == nil {
			texts = append(texts, string(src))
		}
	}
	for _, text := range texts {
		want := countRE.FindAllStringSubmatchIndex(text, -1)
		if got := findAllAtDigits(countAt, text); !reflect.DeepEqual(got, want) {
			t.Fatalf("%q:\ngot  %v\nwant %v", text, got, want)
		}
	}
}
