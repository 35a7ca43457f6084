package validate

import (
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
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
					re := regexp.MustCompile(`^` + strings.ReplaceAll(regexp.QuoteMeta(pat), `\*`, `[^.]+`) + `$`)
					for _, k := range cells {
						assert.Equal(t, re.MatchString(k), matchKey(pat, k), "%s %s", pat, k)
						found = found || matchKey(pat, k)
					}
					assert.True(t, found, "claim %q of topic %q: %s names no cell of any template", s.attr, topic, pat)
				}
			}
		}
	}
}

// TestFindCounts: the hand-written search finds what countRE finds, on
// the prose of the rules' test cases and on strings made of the pieces a
// count is made of.
func TestFindCounts(t *testing.T) {
	texts := []string{"收到申请368 条，其中1,234,5678件、1.2万余件和12345条；第3次", "2023年共6,391条，8份", "", "无数字",
		"1,234,567.89 万 余 人次", "1,23条", "1,234,条", "12,345.条", "3.5.6件", "1.万件", "3余万件", "3万余件", "4 \t\n件", "5\v件", "6千多个"}
	files, _ := filepath.Glob("testdata/rules/*.txtar")
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err == nil {
			texts = append(texts, string(src))
		}
	}
	pieces := []string{"1", "2", "0", "12", "345", ",", ".", " ", "\t", "\n", "万", "千", "余", "多", "人次", "人", "次", "条", "件", "宗", "第", "约", "\xff", "a"}
	rng := rand.New(rand.NewSource(1))
	for range 20000 {
		var sb strings.Builder
		for n := rng.Intn(12); n >= 0; n-- {
			sb.WriteString(pieces[rng.Intn(len(pieces))])
		}
		texts = append(texts, sb.String())
	}
	for _, text := range texts {
		want := countRE.FindAllStringSubmatchIndex(text, -1)
		if got := findCounts(text); !reflect.DeepEqual(got, want) {
			t.Fatalf("%q:\ngot  %v\nwant %v", text, got, want)
		}
	}
}

// findCounts is countRE.FindAllStringSubmatchIndex(text, -1) by eachCount.
func findCounts(text string) [][]int {
	var out [][]int
	for m := range eachCount(text) {
		out = append(out, m[:])
	}
	return out
}

// TestZeroClaims_Negations: a text in which negs finds no negation word
// has no token of one, so zeroClaims may skip finding its words; tried on
// every line of the real reports, and on the negation words themselves
// inside other words.
func TestZeroClaims_Negations(t *testing.T) {
	files, err := filepath.Glob("../corpus/testdata/corpus/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatal("no real reports", err)
	}
	lines := []string{"没", "有", "未来", "无锡", "毫无", "从来没有", "并非"}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		lines = append(lines, strings.Split(string(b), "\n")...)
	}
	negs := 0
	for _, l := range lines {
		hasNeg := false
		for _, tok := range tokenize(l) {
			hasNeg = hasNeg || tok.kind == vNeg
		}
		if hasNeg {
			negs++
		}
		if hasNeg && !vocab().negs.has(l) {
			t.Fatalf("%q: a negation token, but negs finds no negation word", l)
		}
	}
	assert.Greater(t, negs, 10)
}
