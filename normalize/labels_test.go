package normalize_test

import (
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/nianbao/nianbao/normalize"
)

// TestLabels: every cell of both templates has a label that names it as
// the printed table does, with no canonical key in it.
func TestLabels(t *testing.T) {
	r := mustNormalize(t, "某县某局2023年政府信息公开工作年度报告\n")
	assert.Equal(t, "表三“（四）无法提供 3.补正后申请内容仍不明确”行“自然人”列", r.CellLabel("requests.unavailable.unclear.natural_person").Zh)
	assert.Equal(t, "表四“行政复议”行“总计”列", r.CellLabel("review.review.total").Zh)
	assert.Equal(t, "表三“（三）不予公开”各行“总计”列", r.CellLabel("requests.withheld.*.total").Zh)
	assert.Equal(t, "表二“规章”行", r.CellLabel("active.regulations").Zh)
	assert.Equal(t, "表三", r.CellLabel("requests").Zh)
	key := regexp.MustCompile(`[a-z_]+\.[a-z_]+`)
	for _, p := range normalize.Profiles() {
		for _, ts := range p.Tables {
			for _, k := range ts.CellKeys() {
				r.Template = p.Template
				r.Tables = map[string]*normalize.Table{ts.Key: {Key: ts.Key, Template: p.Template}}
				l := r.CellLabel(k)
				assert.NotRegexp(t, key, l.Zh, k)
				assert.NotRegexp(t, key, l.En, k)
				assert.NotEmpty(t, l.En, k)
			}
		}
	}
}
