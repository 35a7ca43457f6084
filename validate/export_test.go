package validate

// Enumeration is what the tests see of an enumeration: the total, the
// numbers of the items, whether the list may be partial, and why it
// cannot be judged ("" when it can).
type Enumeration struct {
	Total   int
	Parts   []int
	Labels  []string
	Partial bool
	Doubt   string
}

// ParseEnumerations exposes the enumeration parser of NU101 to tests.
func ParseEnumerations(text string) []Enumeration {
	var out []Enumeration
	for _, e := range parseEnumerations(text, newProseScan(text)) {
		x := Enumeration{Total: e.Total.Value, Partial: e.Partial, Doubt: e.Doubt}
		for _, it := range e.Items {
			x.Parts = append(x.Parts, it.Value)
			x.Labels = append(x.Labels, it.Label)
		}
		out = append(out, x)
	}
	return out
}

// SetKeptRunes sets how many runes of prose the wording rules keep
// decoded (keptRunes) and returns what puts it back.
func SetKeptRunes(n int) (restore func()) {
	old := keptRunes
	keptRunes = n
	return func() { keptRunes = old }
}
