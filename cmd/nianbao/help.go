package main

import (
	"fmt"

	"github.com/spf13/cobra"
)

// The commands' help texts live in help.toml rather than in the code, so
// that a translator or a reviewer reads each command's text in one place
// and the code keeps only what the command does. Every command, even one
// that prints no help, builds the whole command tree with its texts, and
// decoding the TOML was a tenth of the CPU of starting the program: the
// texts are decoded ahead of time into help_gen.go (TestHelpGen holds it
// to help.toml).
//
//go:generate go test -run TestHelpGen -update .

type helpText struct {
	Use, Short, Long, Example string
}

type helpEntry struct {
	Example string // both languages', unless a language gives its own
	Zh, En  helpText
}

// command gives c the help text of the command at path ("corpus check")
// in language l.
func (l tr) command(path string, c *cobra.Command) *cobra.Command {
	h, ok := helpTexts[path]
	if !ok {
		panic(fmt.Sprintf("help.toml has no [%q]", path)) // a test runs every command's help
	}
	t := h.Zh
	if l == "en" {
		t = h.En
	}
	c.Use, c.Short, c.Long, c.Example = t.Use, t.Short, t.Long, t.Example
	if c.Example == "" {
		c.Example = h.Example
	}
	return c
}
