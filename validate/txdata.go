package validate

import (
	_ "embed"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/nianbao/nianbao/internal/lazyre"
)

// The wording rules' tables (data/tx, described with their sources in its
// README.md): the documents a report cites, the laws cited by short
// names, the fixed phrases of these reports, misused words and repeats
// that are words. They are read once, on first use; a malformed table is
// a broken build (TestTXData), as a bad rules.toml is.
//
// Each is embedded as a string, not in an embed.FS: a string is the
// binary's read-only data itself, and the fields cut from it are too,
// where reading a file of an embed.FS copies it to the heap (twice, with
// the string made of it), 56 KB of a cold check's first validation.
var (
	//go:embed data/tx/cite_canon.tsv
	citeCanonTSV string
	//go:embed data/tx/laws.tsv
	lawsTSV string
	//go:embed data/tx/phrases.tsv
	phrasesTSV string
	//go:embed data/tx/misused.tsv
	misusedTSV string
	//go:embed data/tx/repeats.tsv
	repeatsTSV string
)

// canonDoc is one document of cite_canon.tsv.
type canonDoc struct {
	Key, Kind, Title, Number, Signed string
	First, Last                      int // report years it governs; Last 0: open
	ReplacedBy                       string
	norm                             string   // Title by normTitle
	inner                            string   // the title inside 〈〉, normalized; "" if none
	frameL, frameR                   string   // normalized title before and after the inner title
	numberMask                       runeMask // the runes every match of numberPattern(Number) holds
	normRunes                        []rune   // the runes of norm
}

// lawName is a law cited by a short name.
type lawName struct {
	Short, Full string
	shortMask   runeMask
}

// phrase is a row of phrases.tsv.
type phrase struct {
	Phrase, Slip string
	After        *lazyre.Regexp // nil: anything; compiled when first needed (see loadTXData)
	want         []rune         // the runes of Phrase
	slipMask     runeMask       // maskOf(Slip)
	id0, id1     int32          // phraseRunes of want[0] and want[1] (-1: none), for a fixed phrase
}

// misused is a row of misused.tsv.
type misused struct {
	Wrong, Right            string
	Before, After, NotAfter *lazyre.Regexp // nil: anything; compiled when first needed
	Severity                Severity
	wrongMask               runeMask // maskOf(Wrong)
}

type txTables struct {
	// phraseRunes numbers the first two runes of the fixed phrases, which
	// phraseSet holds too (runIndex).
	phraseRunes map[rune]int32
	phraseSet   runeSet
	canon       []*canonDoc
	laws        []lawName
	phrases     []phrase
	misused     []misused
	repeats     map[string]string // word → "skip" or "verb"
}

var txData = sync.OnceValues(loadTXData)

// mustTX returns the tables, panicking on a bad one (TestTXData fails
// first).
func mustTX() *txTables {
	t, err := txData()
	if err != nil {
		panic(err)
	}
	return t
}

// loadTXData reads the tables of data/tx. The context patterns of
// phrases.tsv and misused.tsv are compiled when a report first holds
// their phrase or word: compiling the dozen of them
// was a third of the cost of loading these tables in every process that
// validates, for words that few reports hold. TestTXData compiles each.
func loadTXData() (*txTables, error) {
	t := &txTables{
		repeats: make(map[string]string, rows(repeatsTSV)),
		canon:   make([]*canonDoc, 0, rows(citeCanonTSV)),
		laws:    make([]lawName, 0, rows(lawsTSV)),
		phrases: make([]phrase, 0, rows(phrasesTSV)),
		misused: make([]misused, 0, rows(misusedTSV)),
	}
	err := eachTSV("cite_canon.tsv", citeCanonTSV, 8, func(f []string) error {
		c := &canonDoc{Key: f[0], Kind: f[1], Title: f[2], Number: f[3], Signed: f[4], ReplacedBy: f[6]}
		first, last, ok := strings.Cut(f[5], "-")
		var err error
		if c.First, err = strconv.Atoi(first); err != nil {
			return fmt.Errorf("%s: years %q", c.Key, f[5])
		}
		if ok && last != "" {
			if c.Last, err = strconv.Atoi(last); err != nil {
				return fmt.Errorf("%s: years %q", c.Key, f[5])
			}
		}
		c.norm = normTitle(c.Title)
		c.normRunes = []rune(c.norm)
		c.numberMask = maskOf(numberMarks.Replace(c.Number))
		if l, r, ok := strings.Cut(c.Title, "〈"); ok {
			in, r2, _ := strings.Cut(r, "〉")
			c.inner, c.frameL, c.frameR = normTitle(in), normTitle(l), normTitle(r2)
		}
		t.canon = append(t.canon, c)
		return nil
	})
	if err == nil {
		err = eachTSV("laws.tsv", lawsTSV, 3, func(f []string) error {
			t.laws = append(t.laws, lawName{f[0], f[1], maskOf(f[0])})
			return nil
		})
	}
	if err == nil {
		err = eachTSV("phrases.tsv", phrasesTSV, 4, func(f []string) error {
			ph := phrase{Phrase: f[0], Slip: f[1], want: []rune(f[0]), slipMask: maskOf(f[1])}
			if f[2] != "" {
				ph.After = lazyre.New(`^(?:` + f[2] + `)`)
			}
			t.phrases = append(t.phrases, ph)
			return nil
		})
	}
	if err == nil {
		t.phraseRunes = map[rune]int32{}
		id := func(r rune) int32 {
			if _, ok := t.phraseRunes[r]; !ok {
				t.phraseRunes[r] = int32(len(t.phraseRunes))
				t.phraseSet.add(r)
			}
			return t.phraseRunes[r]
		}
		for i := range t.phrases {
			ph := &t.phrases[i]
			ph.id0, ph.id1 = -1, -1
			if ph.Slip != "" || len(ph.want) == 0 {
				continue
			}
			ph.id0 = id(ph.want[0])
			if len(ph.want) >= 2 {
				ph.id1 = id(ph.want[1])
			}
		}
	}
	if err == nil {
		err = eachTSV("misused.tsv", misusedTSV, 7, func(f []string) error {
			m := misused{Wrong: f[0], Right: f[1], Severity: Warning, wrongMask: maskOf(f[0])}
			for _, c := range []struct {
				src  string
				re   **lazyre.Regexp
				wrap string
			}{{f[2], &m.Before, `(?:%s)$`}, {f[3], &m.After, `^(?:%s)`}, {f[4], &m.NotAfter, `^(?:%s)`}} {
				if c.src != "" {
					*c.re = lazyre.New(fmt.Sprintf(c.wrap, c.src))
				}
			}
			switch f[5] {
			case "W":
			case "I":
				m.Severity = Info
			default:
				return fmt.Errorf("%s: severity %q", m.Wrong, f[5])
			}
			t.misused = append(t.misused, m)
			return nil
		})
	}
	if err == nil {
		err = eachTSV("repeats.tsv", repeatsTSV, 3, func(f []string) error {
			if f[1] != "skip" && f[1] != "verb" {
				return fmt.Errorf("%s: kind %q", f[0], f[1])
			}
			t.repeats[f[0]] = f[1]
			return nil
		})
	}
	if err != nil {
		return nil, fmt.Errorf("validate: data/tx: %w", err)
	}
	return t, nil
}

// numberMarks drops what a document number may be written without.
var numberMarks = strings.NewReplacer("〔", "", "〕", "", "第", "")

// rows is at most the number of rows of a table: its lines.
func rows(src string) int { return strings.Count(src, "\n") + 1 }

// eachTSV calls fn with the fields of every row of data/tx/name, whose
// text is src, after its comments and header; every row must have n
// fields. fn must not keep the slice, which the next row reuses.
func eachTSV(name, src string, n int, fn func([]string) error) error {
	header := true
	f := make([]string, 0, n)
	for i := 0; src != ""; i++ {
		line, rest, _ := strings.Cut(src, "\n")
		src = rest
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if header {
			header = false
			continue
		}
		f = f[:0]
		for {
			field, more, ok := strings.Cut(line, "\t")
			f = append(f, field)
			if !ok {
				break
			}
			line = more
		}
		if len(f) != n {
			return fmt.Errorf("%s:%d: %d fields, want %d", name, i+1, len(f), n)
		}
		if err := fn(f); err != nil {
			return fmt.Errorf("%s:%d: %w", name, i+1, err)
		}
	}
	return nil
}

// titleNorm drops the marks and spaces a title may be written with and
// folds ASCII brackets, so that titles compare by their words.
var titleNorm = strings.NewReplacer("〈", "", "〉", "", "<", "", ">", "", "《", "", "》", "", "“", "", "”", "", "\"", "",
	" ", "", "\u3000", "", "\n", "", "(", "（", ")", "）")

// titleMarks are the characters titleNorm replaces. Most titles hold
// none, and a Replacer makes a new string even then: two allocations a
// call, and the citation rules call it for every title they see.
const titleMarks = "〈〉<>《》“”\" \u3000\n()"

func normTitle(s string) string {
	if !strings.ContainsAny(s, titleMarks) {
		return s
	}
	return titleNorm.Replace(s)
}
