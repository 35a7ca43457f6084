package export

// Writer is an output written one result at a time. Close completes it;
// Abort gives up and, for files, leaves whatever was there before (every
// file writer here writes atomically).
type Writer interface {
	Add(Result) error
	Close() error
	Abort()
}

// streamed is what the text and JSON writers are: they stream to a
// terminal or pipe, so an error shows at Close and nothing can be taken
// back.
type streamed interface {
	Add(Result)
	Close() error
}

type stream struct{ w streamed }

func (s stream) Add(r Result) error { s.w.Add(r); return nil }
func (s stream) Close() error       { return s.w.Close() }
func (s stream) Abort()             {}

// Stream makes a Writer of a TextWriter or JSONWriter.
func Stream(w interface {
	Add(Result)
	Close() error
}) Writer {
	return stream{w}
}

// multi writes every result to each writer in turn.
type multi []Writer

// Multi returns a Writer that adds each result to every w in order. The
// first failing Add stops the batch; Close closes them in order and, when
// one fails, aborts the rest so that no output is left half written.
func Multi(ws ...Writer) Writer { return multi(ws) }

func (m multi) Add(r Result) error {
	for _, w := range m {
		if err := w.Add(r); err != nil {
			return err
		}
	}
	return nil
}

func (m multi) Close() error {
	for i, w := range m {
		if err := w.Close(); err != nil {
			for _, rest := range m[i+1:] {
				rest.Abort()
			}
			return err
		}
	}
	return nil
}

func (m multi) Abort() {
	for _, w := range m {
		w.Abort()
	}
}
