package export_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/nianbao/nianbao/export"
)

// recorder is a Writer that notes what happened to it.
type recorder struct {
	name             string
	log              *[]string
	addErr, closeErr error
}

func (r recorder) Add(export.Result) error { *r.log = append(*r.log, r.name+".add"); return r.addErr }
func (r recorder) Close() error            { *r.log = append(*r.log, r.name+".close"); return r.closeErr }
func (r recorder) Abort()                  { *r.log = append(*r.log, r.name+".abort") }

// TestMulti: results reach every writer in order; a failing Close aborts
// the writers after it so no output is left half written.
func TestMulti(t *testing.T) {
	var log []string
	m := export.Multi(recorder{name: "a", log: &log}, recorder{name: "b", log: &log, closeErr: errors.New("disk full")}, recorder{name: "c", log: &log})
	assert.NoError(t, m.Add(export.Result{}))
	assert.EqualError(t, m.Close(), "disk full")
	assert.Equal(t, []string{"a.add", "b.add", "c.add", "a.close", "b.close", "c.abort"}, log)

	log = nil
	m = export.Multi(recorder{name: "a", log: &log, addErr: errors.New("bad")}, recorder{name: "b", log: &log})
	assert.EqualError(t, m.Add(export.Result{}), "bad")
	m.Abort()
	assert.Equal(t, []string{"a.add", "a.abort", "b.abort"}, log)
}
