package validate

import (
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nianbao/nianbao/internal/lazyre"
	"github.com/nianbao/nianbao/internal/names"
)

// TestTXData checks the wording rules' tables as a reviewer would: every
// row reads, the citations are consistent, and no wrong form that is
// reported without a context is itself a word.
func TestTXData(t *testing.T) {
	d, err := txData()
	require.NoError(t, err)
	keys := map[string]bool{}
	for _, c := range d.canon {
		assert.False(t, keys[c.Key], "duplicate key %s", c.Key)
		keys[c.Key] = true
		assert.GreaterOrEqual(t, c.First, 2008, c.Key)
		if c.Last != 0 {
			assert.GreaterOrEqual(t, c.Last, c.First, c.Key)
		}
		assert.Equal(t, strings.Count(c.Title, "〈"), strings.Count(c.Title, "〉"), c.Key)
	}
	for _, c := range d.canon {
		if c.ReplacedBy != "" {
			assert.True(t, keys[c.ReplacedBy], "%s: replaced by unknown %s", c.Key, c.ReplacedBy)
		}
	}
	for _, k := range []string{"regulation2019", "notice2019", "notice2021", "format2019", "format2021"} {
		assert.True(t, keys[k], "cite_canon.tsv lacks %s: the rules name it", k)
	}
	assert.GreaterOrEqual(t, len(d.phrases), 60)
	// The context patterns compile (loadTXData leaves it to their first use).
	var patterns []*lazyre.Regexp
	for _, p := range d.phrases {
		patterns = append(patterns, p.After)
	}
	for _, m := range d.misused {
		patterns = append(patterns, m.Before, m.After, m.NotAfter)
	}
	compiled := 0
	for _, re := range patterns {
		if re != nil {
			_, err := regexp.Compile(re.String())
			assert.NoError(t, err, re.String())
			compiled++
		}
	}
	assert.GreaterOrEqual(t, compiled, 10)
	for _, p := range d.phrases {
		assert.NotEqual(t, p.Phrase, p.Slip)
		if p.Slip == "" {
			assert.GreaterOrEqual(t, len([]rune(p.Phrase)), 4, "%s: too short to check for a look-alike", p.Phrase)
		}
	}
	assert.GreaterOrEqual(t, len(d.misused), 100)
	seen := map[string]bool{}
	for _, m := range d.misused {
		assert.False(t, seen[m.Wrong], "duplicate %s", m.Wrong)
		seen[m.Wrong] = true
		assert.NotEqual(t, m.Wrong, m.Right)
		if m.Before == nil && m.After == nil && m.Severity != Info {
			assert.False(t, names.IsWord(m.Wrong), "%s is a word of the gse list: it needs a context", m.Wrong)
		}
	}
	for w, kind := range d.repeats {
		assert.Contains(t, []string{"skip", "verb"}, kind, w)
	}
}
