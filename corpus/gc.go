package corpus

import (
	"os"
	"runtime/debug"
	"sync"
)

// bigText is the text size, in bytes, from which a document is checked
// with the collector at bigGC: the same bounds as a reader's (see
// extract/worker). The checker's live heap is about nine times a large
// text (the document 3.7×, the wording rules' runes and sets 3.4×, the
// place names' scan 1.7×), and the GOGC of 300 that keeps an ordinary
// batch fast would let it grow four times that: 10 MB of text peaked at
// 176 MiB, 143 MiB at 25. Since the reader's setting of 25 the live heap
// is the document and the wording rules' passages, with nothing
// transient the size of the text beside them, and 15 takes a tenth off
// the peak (nianbao check of 10 and 50 MB of text: 176 -> 166 and 700 ->
// 640 MiB) for 0-10% more CPU on such a file. Ordinary reports keep the
// faster setting.
const (
	bigText = 4 << 20
	bigGC   = 15
)

// bigHeld counts the large documents being checked; the collector is at
// bigGC while any is.
var bigHeld struct {
	sync.Mutex
	n     int
	saved int
}

// lowerGC sets the collector for checking a text of size bytes and
// returns what puts it back. GOGC, when the user set it, wins.
func lowerGC(size int) func() {
	if size < bigText || os.Getenv("GOGC") != "" {
		return func() {}
	}
	bigHeld.Lock()
	if bigHeld.n == 0 {
		bigHeld.saved = debug.SetGCPercent(bigGC)
	}
	bigHeld.n++
	bigHeld.Unlock()
	return func() {
		bigHeld.Lock()
		if bigHeld.n--; bigHeld.n == 0 {
			debug.SetGCPercent(bigHeld.saved)
		}
		bigHeld.Unlock()
	}
}
