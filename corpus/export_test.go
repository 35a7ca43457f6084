package corpus

// The spill, for the tests of package corpus_test (which import
// corpus/gen, itself importing corpus).

func NewSpill() (*spill, error)                  { return newSpill() }
func (s *spill) Put(r *Result) error             { return s.put(r) }
func (s *spill) Rewind() error                   { return s.rewind() }
func (s *spill) Next() (Result, error)           { return s.next(nil) }
func (s *spill) Decode(p []byte) (Result, error) { return s.decode(p, nil) }
func (s *spill) Close() error                    { return s.close() }

// DecodeLean decodes a record without its report.
func (s *spill) DecodeLean(p []byte) (Result, error) {
	return s.decode(p, func(string) bool { return false })
}

// LastRecord is the record the last Put wrote.
func (s *spill) LastRecord() []byte { return append([]byte(nil), s.enc.b...) }

// Texts is where the spill keeps what digests leave out of memory.
func (s *spill) Texts() *spillTexts { return s.texts }
