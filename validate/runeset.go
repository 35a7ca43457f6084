package validate

import (
	"unicode/utf8"

	"github.com/nianbao/nianbao/internal/lazyre"
)

// runeSet is a 4,096-bit Bloom filter of the runes of a passage. The TX
// rules look for hundreds of listed words in every passage; most hold a
// character the passage lacks, and testing that is much cheaper than
// searching for the word, since in UTF-8 Chinese characters share their
// first bytes and strings.Index stops at nearly every one.
type runeSet [64]uint64

func (s *runeSet) add(r rune)      { s[(r>>6)&63] |= 1 << (r & 63) }
func (s *runeSet) has(r rune) bool { return s[(r>>6)&63]&(1<<(r&63)) != 0 }

// A passSet is a passage's runeSet folded to fewer words, by as much as
// the passage is short: word i of the passSet is the OR of the words of
// the runeSet whose index is i modulo its length. A passage of n runes
// sets at most n bits, so n/2 words keep a rune it lacks passing the
// test at most one time in 32; a whole runeSet for each of the short
// lines of a large text was 6 bytes for each byte of it.
type passSet []uint64

func (s passSet) add(r rune)      { s[int(r>>6)&(len(s)-1)] |= 1 << (r & 63) }
func (s passSet) has(r rune) bool { return s[int(r>>6)&(len(s)-1)]&(1<<(r&63)) != 0 }

// setWords is the length of the passSet of a passage of n runes: a power
// of two from 4 to 64 (a whole runeSet), at least n/2.
func setWords(n int) int {
	w := 4
	for w < len(runeSet{}) && 2*w < n {
		w *= 2
	}
	return w
}

// runes returns the passage's passSet, made the first time it is asked.
func (ps *passage) runes() passSet {
	if ps.set == nil {
		ps.set = make(passSet, setWords(ps.runeCount()))
		for _, r := range ps.text {
			ps.set.add(r)
		}
	}
	return ps.set
}

// mayHold reports whether the passage may hold w: false when it lacks one
// of w's runes, and then w is surely not in it.
func (ps *passage) mayHold(w string) bool {
	set := ps.runes()
	for _, r := range w {
		if !set.has(r) {
			return false
		}
	}
	return true
}

// A runeMask is a word's runes as the bits of a runeSet, so that a word
// looked for in every passage is decoded once (maskOf), not once a
// passage.
type runeMask []runeBit

type runeBit struct {
	i   uint8
	bit uint64
}

func maskOf(w string) runeMask {
	var m runeMask
	for _, r := range w {
		m = append(m, runeBit{uint8((r >> 6) & 63), 1 << (r & 63)})
	}
	return m
}

// mayHoldMask is mayHold of the word of m.
func (ps *passage) mayHoldMask(m runeMask) bool {
	set := ps.runes()
	for _, b := range m {
		if set[int(b.i)&(len(set)-1)]&b.bit == 0 {
			return false
		}
	}
	return true
}

// mayStart reports whether a phrase w may start at some rune of the
// passage, or one rune before: the passage holds w's first or second rune.
func (ps *passage) mayStart(w string) bool {
	set := ps.runes()
	r0, n := utf8.DecodeRuneInString(w)
	r1, _ := utf8.DecodeRuneInString(w[n:])
	return set.has(r0) || len(w) > n && set.has(r1)
}

// mayStartRunes is mayStart of the word of the runes rs.
func (ps *passage) mayStartRunes(rs []rune) bool {
	if len(rs) == 0 {
		return ps.mayStart("")
	}
	set := ps.runes()
	return set.has(rs[0]) || len(rs) > 1 && set.has(rs[1])
}

// mayHoldAny reports whether the passage may hold one of the runes of rs.
// A pattern that needs one of a few characters (号 of a document number,
// 月 of a date) is run only where one may stand.
func (ps *passage) mayHoldAny(rs string) bool {
	set := ps.runes()
	for _, r := range rs {
		if set.has(r) {
			return true
		}
	}
	return false
}

// matchesIf is re.FindAllStringSubmatchIndex(t, -1) when may, and no
// matches otherwise: may says t may hold what every match needs.
func matchesIf(may bool, re *lazyre.Regexp, t string) [][]int {
	if !may {
		return nil
	}
	return re.FindAllStringSubmatchIndex(t, -1)
}

// scanIf is matchesIf for a pattern that scan.go matches by hand: find
// gives what re.FindAllStringSubmatchIndex gives on valid UTF-8, and re
// runs on a passage that is not.
func scanIf(ps *passage, may bool, find func(string) [][]int, re *lazyre.Regexp) [][]int {
	if !may {
		return nil
	}
	if !ps.valid() {
		return re.FindAllStringSubmatchIndex(ps.text, -1)
	}
	return find(ps.text)
}
