package corpus

// The spill, for the tests of package corpus_test (which import
// corpus/gen, itself importing corpus).

func NewSpill() (*spill, error)                  { return newSpill() }
func (s *spill) Put(r *Result) error             { return s.put(r) }
func (s *spill) Rewind() error                   { return s.rewind() }
func (s *spill) Next() (Result, error)           { return s.next() }
func (s *spill) Decode(p []byte) (Result, error) { return s.decode(p) }
func (s *spill) Close() error                    { return s.close() }

// LastRecord is the record the last Put wrote.
func (s *spill) LastRecord() []byte { return append([]byte(nil), s.enc.b...) }
