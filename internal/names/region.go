package names

import (
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"github.com/go-ego/gse"
)

// agencyWords are the parts of agency names and report titles that follow
// the place names. Giving them to the segmenter keeps 人民政府 whole, so
// that 人民 (the short form of hundreds of 人民街道) is not read as a
// township in 五常市民意乡人民政府.
var agencyWords = strings.Fields(`人民政府 人民代表大会 常务委员会 委员会 办公室 办公厅 办事处
	街道办事处 管理委员会 管委会 管理局 监督管理局 市场监督管理局 服务中心 促进中心 事务中心
	政府 机关 部门 区政府 县政府 市政府 省政府 政府信息公开 工作年度报告 年度报告 信息公开
	审计局 财政局 公安局 税务局 教育局 农业农村局 水利局 水利厅 科学技术委员会 政务服务
	大数据 投资促进 外来投资 人力资源 社会保障 自然资源 生态环境 住房和城乡建设 交通运输
	卫生健康 应急管理 文化和旅游 统计局 司法局 民政局 商务局 发展和改革委员会 党政办公室`)

// Frequencies for the segmenter's small dictionary. Only their order
// matters: a full name beats an agency word beats a short form, so
// 淄川区 is read whole rather than as 淄川 + 区.
const (
	freqFull   = 1000
	freqAgency = 800
	freqShort  = 300
)

// token is one segment of an agency name or title: a place name with the
// divisions it may name, or another word (no divisions).
type token struct {
	text  string
	short bool // matched a short form only (淄川, not 淄川区)
	divs  []*Division
}

// Region finds the administrative region an agency belongs to from its
// name or a report title: 淄博市淄川区投资促进服务中心 → 淄川区 (370302);
// 五常市民意乡人民政府 → 民意乡 under 五常市; 广东省水利厅 → 广东省. The
// names are read as a chain from the top down, each one below the one
// before, so 五常市 picks which 民意乡 is meant.
//
// When the chain still leaves several divisions (中村乡 alone names five),
// hints (the report text, say) decides: the candidate whose ancestors it
// mentions most wins (会昌县 → 江西 会昌县 中村乡). ok is false when no
// region is found or the tie remains; Regions returns the tied candidates.
func Region(name, hints string) (*Division, bool) {
	ds := Regions(name, hints)
	if len(ds) != 1 {
		return nil, false
	}
	return ds[0], true
}

// Regions is Region returning every candidate that remains: none when the
// name holds no place name, one when the region is determined, several
// when name and hints cannot tell them apart.
func Regions(name, hints string) []*Division {
	chain := chainOf(tokens(name))
	if len(chain) <= 1 {
		return slices.Clone(chain) // the tokens' own, which are kept (tokens)
	}
	return byHints(chain, hints)
}

// tokens is segment, kept for the names segmented before: a batch names
// the same agencies report after report, and segmenting one was a
// twentieth of normalizing and validating a report. Up to
// tokenCacheMax names are kept, each copied so as not to hold the text
// it was cut from; what tokens returns is shared and must not be written.
func tokens(s string) []token {
	if v, ok := tokenCache.Load(s); ok {
		return v.([]token)
	}
	if tokenCacheN.Load() >= tokenCacheMax {
		return segment(s)
	}
	s = strings.Clone(s)
	toks := slices.Clip(segment(s))
	if _, loaded := tokenCache.LoadOrStore(s, toks); !loaded {
		tokenCacheN.Add(1)
	}
	return toks
}

// tokenCacheMax bounds the names tokens keeps: about 0.4 KB each, so 1,024
// hold about 0.4 MB (4,096 held 1.5 MB of the parent's live heap on 10,000
// generated reports from all of China, for no CPU saved on that batch).
const tokenCacheMax = 1024

var (
	tokenCache  sync.Map // name → []token
	tokenCacheN atomic.Int32
)

// segment segments s with gse, over a dictionary made for s alone: the
// division names that occur in it plus agencyWords. Building that
// dictionary per call costs microseconds; loading gse's own 350,000-word
// dictionary would cost seconds and hundreds of megabytes.
func segment(s string) []token {
	a := loadAtlas()
	loadWords()
	found := namesIn(s, a.maxLen)
	if len(found) == 0 {
		return nil
	}
	var dict strings.Builder
	for w, t := range found {
		f := freqFull
		if t.short {
			f = freqShort
		}
		dict.WriteString(w + " " + strconv.Itoa(f) + " ns\n")
	}
	for _, w := range agencyWords {
		if strings.Contains(s, w) {
			dict.WriteString(w + " " + strconv.Itoa(freqAgency) + " n\n")
		}
	}
	var seg gse.Segmenter
	seg.SkipLog = true
	seg.NotLoadHMM = true
	if err := seg.LoadDictStr(dict.String()); err != nil {
		return nil
	}
	var out []token
	for _, w := range seg.Cut(s, false) {
		if t, ok := found[w]; ok {
			out = append(out, t)
			continue
		}
		if strings.TrimFunc(w, isSeparator) == "" {
			continue // spacing and punctuation do not break a chain
		}
		out = append(out, token{text: w})
	}
	return out
}

// namesIn returns the place names among the stretches of two runes or more
// of s, no longer than maxLen bytes. In valid UTF-8 a stretch of runes is
// a slice of s, and slicing it, rather than converting each from runes,
// saves an allocation a stretch; other text is read as the runes it
// converts to, as before.
func namesIn(s string, maxLen int) map[string]token {
	found := map[string]token{}
	if utf8.ValidString(s) {
		for i := 0; i < len(s); {
			_, w := utf8.DecodeRuneInString(s[i:])
			j := i + w
			for j < len(s) {
				_, wj := utf8.DecodeRuneInString(s[j:])
				j += wj
				if j-i > maxLen {
					break
				}
				if t, ok := lookupToken(s[i:j]); ok {
					found[s[i:j]] = t
				}
			}
			i += w
		}
	} else {
		runes := []rune(s)
		for i := range runes {
			for j := i + 2; j <= len(runes); j++ {
				sub := string(runes[i:j])
				if len(sub) > maxLen {
					break
				}
				if t, ok := lookupToken(sub); ok {
					found[sub] = t
				}
			}
		}
	}
	return found
}

func isSeparator(r rune) bool {
	return unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsDigit(r) || r == '年'
}

// lookupToken resolves a place name: full names first, then short forms,
// then names out of use since 1981 (their successors).
func lookupToken(s string) (token, bool) {
	a := loadAtlas()
	if !a.byName.has(s) && !a.formerNames.has(s) {
		return token{}, false
	}
	var full, short []*Division
	for _, d := range a.named(s) {
		if d.Name == s {
			full = append(full, d)
		} else {
			short = append(short, d)
		}
	}
	switch {
	case len(full) > 0:
		return token{text: s, divs: full}, true
	case len(short) > 0:
		return token{text: s, short: true, divs: short}, true
	}
	if succ := a.successors(s); len(succ) > 0 {
		return token{text: s, divs: succ}, true
	}
	return token{}, false
}

// chainOf reads the place names top-down and returns the candidates for
// the deepest one that fits under those before it. The chain starts at the
// first place name and ends at the first word that is not one, or at a
// place name that lies under none of the current candidates.
//
// A short form that is an everyday word (人民) or a township's short form
// (a township is named in full in agency names) cannot start a chain: in
// a title those are more often words than places.
func chainOf(toks []token) []*Division {
	var cur []*Division
	for _, t := range toks {
		if len(t.divs) == 0 {
			if cur != nil {
				break
			}
			continue
		}
		if cur == nil {
			if starts := startable(t); len(starts) > 0 {
				cur = starts
			}
			continue
		}
		var next []*Division
		for _, d := range t.divs {
			for _, c := range cur {
				if d != c && d.descends(c) {
					next = append(next, d)
					break
				}
			}
		}
		if len(next) == 0 {
			break
		}
		cur = next
	}
	return cur
}

func startable(t token) []*Division {
	if !t.short {
		return t.divs
	}
	if commonShort.has(t.text) {
		return nil
	}
	var out []*Division
	for _, d := range t.divs {
		if d.Level < 4 {
			out = append(out, d)
		}
	}
	return out
}

// byHints keeps the candidates whose ancestors hints mentions most: a full
// name counts 2, a short form of two or more characters 1. With no mention
// at all every candidate stays.
func byHints(cands []*Division, hints string) []*Division {
	best, bestScore := []*Division(nil), 0
	for _, c := range cands {
		score := 0
		for _, a := range c.Ancestors() {
			if strings.Contains(hints, a.Name) {
				score += 2
			} else if a.short != a.Name && utf8.RuneCountInString(a.short) >= 2 && strings.Contains(hints, a.short) {
				score++
			}
		}
		switch {
		case score > bestScore:
			best, bestScore = []*Division{c}, score
		case score == bestScore:
			best = append(best, c)
		}
	}
	return best
}
