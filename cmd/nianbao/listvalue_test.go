package main

import (
	"testing"

	"github.com/spf13/pflag"
	"github.com/stretchr/testify/assert"
)

// TestListValue_AsPflag holds listValue to the pflag flag types it stands
// in for (StringSlice for --rules and --disable, StringArray for
// --severity): the same values, errors and default text for every way a
// user writes the flags, since scripts depend on them.
func TestListValue_AsPflag(t *testing.T) {
	uses := [][]string{
		nil,
		{"--x", "TB"},
		{"--x", "TB,NU105"},
		{"--x=TB,NU105", "--x", "ST"},
		{"--x", ""},
		{"--x", "a,,b"},
		{"--x", `"TB,NU",ST`},
		{"--x", `"unclosed,TB`},
		{"--x", " TB , NU105 "},
		{"--x", "NU101=error", "--x", "TB101=warning,x"},
	}
	for _, each := range []bool{false, true} {
		for _, args := range uses {
			var want, got []string
			ref := pflag.NewFlagSet("ref", pflag.ContinueOnError)
			ours := pflag.NewFlagSet("ours", pflag.ContinueOnError)
			ref.SetOutput(discard{})
			ours.SetOutput(discard{})
			if each {
				ref.StringArrayVar(&want, "x", nil, "")
			} else {
				ref.StringSliceVar(&want, "x", nil, "")
			}
			v := &listValue{p: &got, each: each}
			ours.Var(v, "x", "")
			errRef, errOurs := ref.Parse(args), ours.Parse(args)
			assert.Equal(t, errRef == nil, errOurs == nil, "each=%v %q: %v / %v", each, args, errRef, errOurs)
			if errRef == nil {
				assert.Equal(t, want, got, "each=%v %q", each, args)
				assert.Equal(t, ref.Lookup("x").Value.String(), v.String(), "each=%v %q", each, args)
				assert.Equal(t, ref.Lookup("x").Value.Type(), v.Type())
			}
		}
	}
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
