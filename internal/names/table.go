package names

// nameTable maps names to chains of int32 values. It is a hash table with
// open addressing over int32 slots instead of a Go map: loading runs on
// every CLI start, and for 64,000 names a map's inserts and the garbage
// collector's scans of its buckets cost more than everything else the
// load does.
type nameTable struct {
	slots []int32  // entry+1 of the newest entry of a key; 0 is empty
	key   []string // per entry; aliases the embedded data
	val   []int32  // per entry
	next  []int32  // per entry: older entry with the same key, or -1
	mask  uint32
	// frozen, when set, holds the table instead of the fields above: it
	// was loaded from data/atlas.bin and is read where it lies.
	frozen *frozenTable
}

func newNameTable(n int) *nameTable {
	size := 1
	for size < 2*n {
		size <<= 1
	}
	return &nameTable{
		slots: make([]int32, size),
		key:   make([]string, 0, n),
		val:   make([]int32, 0, n),
		next:  make([]int32, 0, n),
		mask:  uint32(size - 1),
	}
}

// fnv1a is FNV-1a, 32 bits.
func fnv1a(s string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(s); i++ {
		h ^= uint32(s[i])
		h *= 16777619
	}
	return h
}

// slot returns the index of k's slot, or of the empty slot where it would
// go.
func (t *nameTable) slot(k string) uint32 {
	i := fnv1a(k) & t.mask
	for {
		e := t.slots[i]
		if e == 0 || t.key[e-1] == k {
			return i
		}
		i = (i + 1) & t.mask
	}
}

func (t *nameTable) add(k string, v int32) {
	i := t.slot(k)
	t.key = append(t.key, k)
	t.val = append(t.val, v)
	t.next = append(t.next, t.slots[i]-1)
	t.slots[i] = int32(len(t.key))
	if 2*len(t.key) > len(t.slots) {
		t.grow()
	}
}

func (t *nameTable) grow() {
	old := t.slots
	t.slots = make([]int32, 2*len(old))
	t.mask = uint32(len(t.slots) - 1)
	for _, e := range old {
		if e != 0 {
			t.slots[t.slot(t.key[e-1])] = e
		}
	}
}

// each calls fn with every value stored under k, newest first.
func (t *nameTable) each(k string, fn func(int32)) {
	if f := t.frozen; f != nil {
		for e := f.slot(f.find(k)) - 1; e >= 0; e = f.next(e) {
			fn(f.val(e))
		}
		return
	}
	for e := t.slots[t.slot(k)] - 1; e >= 0; e = t.next[e] {
		fn(t.val[e])
	}
}

func (t *nameTable) has(k string) bool {
	if f := t.frozen; f != nil {
		return f.slot(f.find(k)) != 0
	}
	return t.slots[t.slot(k)] != 0
}

// keys returns every distinct key.
func (t *nameTable) keys() []string {
	if t.frozen != nil {
		t = t.frozen.thaw()
	}
	var out []string
	for _, e := range t.slots {
		if e != 0 {
			out = append(out, t.key[e-1])
		}
	}
	return out
}
