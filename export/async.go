package export

import (
	"errors"
	"sync"
)

// asyncDepth is how many results an Async writer holds between the caller
// and its goroutine: enough to ride out a slow result on either side, few
// enough that the reports held stay a handful.
const asyncDepth = 4

// Async returns a Writer that adds each result to w on a goroutine of its
// own, in order, so that the caller reads or checks the next result while
// w writes this one. A batch's second pass (reading each result back from
// the spill, printing it) and the file outputs each take a core that way;
// alone, the files' encoding and compression came after the reading, on
// one core, while the other had nothing to do.
//
// The caller must not change a result, or what it points to, once Add has
// it. An error of w's Add is returned by a later Add or by Close, and the
// results after it are dropped; Close then aborts w, as after a failed
// Add of Multi.
func Async(w Writer) Writer {
	a := &async{w: w, ch: make(chan Result, asyncDepth), done: make(chan struct{})}
	go a.run()
	return a
}

type async struct {
	w      Writer
	ch     chan Result
	done   chan struct{}
	closed bool // ch closed; used by the caller's goroutine only

	mu  sync.Mutex
	err error // the first error of w.Add
}

func (a *async) run() {
	defer close(a.done)
	for r := range a.ch {
		if a.failed() != nil {
			continue // drained, so that Add never blocks on a writer gone
		}
		if err := a.w.Add(r); err != nil {
			a.mu.Lock()
			a.err = err
			a.mu.Unlock()
		}
	}
}

func (a *async) failed() error {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.err
}

func (a *async) Add(r Result) error {
	if a.closed {
		return errors.New("export: add after close")
	}
	if err := a.failed(); err != nil {
		return err
	}
	// A document finds its lines when first asked for a position, and
	// the caller's writers ask as well as w: found here, before r changes
	// hands, they are only read on both sides.
	if r.Report != nil && r.Report.Doc != nil {
		r.Report.Doc.LineCol(0)
	}
	a.ch <- r
	return nil
}

// wait lets the goroutine finish what it holds and returns its error.
func (a *async) wait() error {
	if !a.closed {
		a.closed = true
		close(a.ch)
	}
	<-a.done
	return a.failed()
}

func (a *async) Close() error {
	if err := a.wait(); err != nil {
		a.w.Abort()
		return err
	}
	return a.w.Close()
}

func (a *async) Abort() {
	_ = a.wait()
	a.w.Abort()
}
