package validate

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDescribe: rules.toml is read into the rules only when it describes
// each of them wholly, in both languages, and nothing else.
func TestDescribe(t *testing.T) {
	const entry = `
[XX101]
title.zh = "标题"
title.en = "title"
text.zh = "说明"
text.en = "text"
before.zh = "错例"
before.en = "before"
after.zh = "改正"
after.en = "after"
`
	for _, tc := range []struct {
		name, src string
		inCode    bool   // the rule has a title in Go as well
		want      string // "" when describe must succeed
	}{
		{"whole", entry, false, ""},
		{"part missing", strings.Replace(entry, "before.en = \"before\"\n", "", 1), false, "XX101: before needs zh and en"},
		{"no entry", "", false, "XX101: no entry"},
		{"unknown rule", entry + strings.ReplaceAll(entry, "XX101", "XX102"), false, "XX102: no such rule"},
		{"unknown key", entry + "befor.zh = \"错例\"\n", false, "unknown key XX101.befor.zh"},
		{"described in code", entry, true, "XX101: title or doc also set in code"},
		{"not TOML", "[XX101", false, "rules.toml"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := &Rule{ID: "XX101"}
			if tc.inCode {
				r.Title = Msg{"标题", "title"}
			}
			err := describe([]*Rule{r}, tc.src)
			if tc.want != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tc.want)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, Msg{"标题", "title"}, r.Title)
			assert.Equal(t, Doc{Text: Msg{"说明", "text"}, Before: Msg{"错例", "before"}, After: Msg{"改正", "after"}}, r.Doc)
		})
	}
}
