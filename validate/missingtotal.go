package validate

import (
	"strings"
	"unicode/utf8"

	"github.com/nianbao/nianbao/internal/names"
)

// countUnits are the measure words a count of items is written with.
const countUnits = "条件项篇个"

// missingTotals finds totals written without their number before a
// 其中 list: "全年在政府网上共主动公开条，其中信息公开指南0条，信息公开
// 制度1条…" (a 2024 report as published). It returns the byte span of
// each such clause, from its start to the measure word. A measure word
// ending a word (文件, 事项, 案件) is the word, not a count, and the
// list after 其中 must give two counts or more in the same unit, so a
// clause only counts when the sentence itself shows what is missing.
func missingTotals(t string) [][2]int {
	var out [][2]int
	for k := range indexAll(t, "其中") {
		unitEnd := k
		for unitEnd > 0 {
			r, n := utf8.DecodeLastRuneInString(t[:unitEnd])
			if !strings.ContainsRune("，,：: ", r) {
				break
			}
			unitEnd -= n
		}
		unit, n := utf8.DecodeLastRuneInString(t[:unitEnd])
		if unitEnd == k || !strings.ContainsRune(countUnits, unit) {
			continue // 其中 right after its total, or after no count
		}
		prev := runeBefore(t, unitEnd-n)
		if !isHan(prev) || strings.ContainsRune("一二三四五六七八九十百千万几多每各本该此逐首第两整", prev) ||
			names.IsWord(string(prev)+string(unit)) {
			continue
		}
		end := firstOf(t, k, sentenceEnds)
		counted := 0
		for _, c := range countWithNo.FindAllStringSubmatch(t[k:end], -1) {
			if c[1] == string(unit) {
				counted++
			}
		}
		if counted < 2 {
			continue
		}
		start := afterLast(t, 0, unitEnd-n, clauseEnds)
		if strings.ContainsAny(t[start:unitEnd], "0123456789０１２３４５６７８９") {
			continue // "收到26份…公开件": the number is there, with another measure word
		}
		out = append(out, [2]int{start, unitEnd})
	}
	return out
}
