package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/nianbao/nianbao/corpus"
	"github.com/nianbao/nianbao/export"
	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/extract/input"
	"github.com/nianbao/nianbao/normalize"
	"github.com/nianbao/nianbao/validate"
)

func newFlags(name string, e env) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	return fs
}

func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		return usageError{err.Error()}
	}
	return nil
}

func checkLang(lang string) error {
	if lang != "zh" && lang != "en" {
		return usageError{fmt.Sprintf("--lang %q: want zh or en", lang)}
	}
	return nil
}

type checkCmd struct {
	env
	format, lang, failOn string
	maxBytes             int64
}

func (c *checkCmd) Run(ctx context.Context, args []string) error {
	fs := newFlags("check", c.env)
	fs.StringVar(&c.format, "format", "text", "output format: text or json")
	fs.StringVar(&c.lang, "lang", "zh", "message language: zh or en")
	fs.StringVar(&c.failOn, "fail-on", "error", "exit 1 when a finding has at least this severity: error, warning or info")
	fs.Int64Var(&c.maxBytes, "max-bytes", extract.DefaultLimits.MaxBytes, "largest input file accepted, in bytes")
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := checkLang(c.lang); err != nil {
		return err
	}
	threshold, err := validate.ParseSeverity(c.failOn)
	if err != nil {
		return usageError{"--fail-on: " + err.Error()}
	}
	if c.format != "text" && c.format != "json" {
		return usageError{fmt.Sprintf("--format %q: want text or json", c.format)}
	}
	if fs.NArg() == 0 {
		return usageError{"no input files"}
	}
	results := corpus.Run(ctx, fs.Args(), corpus.Options{Limits: extract.Limits{MaxBytes: c.maxBytes}})
	// Write to a buffer first so a broken pipe or a failed write is one
	// error, not half an output.
	var buf bytes.Buffer
	if c.format == "json" {
		err = export.WriteJSON(&buf, results, c.lang)
	} else {
		_, noColor := os.LookupEnv("NO_COLOR")
		err = export.WriteText(&buf, results, export.TextOptions{Lang: c.lang, Color: !noColor && isTerminal(c.stdout)})
	}
	if err != nil {
		return err
	}
	if _, err := io.Copy(c.stdout, &buf); err != nil {
		return err
	}
	failed, hit := 0, false
	for _, r := range results {
		if r.Err != nil {
			failed++
		}
		for _, f := range r.Findings {
			if f.Severity >= threshold {
				hit = true
			}
		}
	}
	switch {
	case failed > 0:
		return fmt.Errorf("%d of %d files could not be processed", failed, len(results))
	case hit:
		return errFindings
	}
	return nil
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

type extractCmd struct {
	env
	format string
}

func (c *extractCmd) Run(ctx context.Context, args []string) error {
	fs := newFlags("extract", c.env)
	fs.StringVar(&c.format, "format", "json", "output format: json")
	if err := parse(fs, args); err != nil {
		return err
	}
	if c.format != "json" {
		return usageError{fmt.Sprintf("--format %q: want json", c.format)}
	}
	if fs.NArg() != 1 {
		return usageError{"want exactly one input file"}
	}
	doc, err := input.Read(ctx, fs.Arg(0), extract.Limits{})
	if err != nil {
		return err
	}
	rep, err := normalize.Normalize(doc)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := export.WriteModel(&buf, rep); err != nil {
		return err
	}
	_, err = io.Copy(c.stdout, &buf)
	return err
}

type rulesCmd struct {
	env
	lang string
}

func (c *rulesCmd) Run(ctx context.Context, args []string) error {
	fs := newFlags("rules", c.env)
	fs.StringVar(&c.lang, "lang", "zh", "message language: zh or en")
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := checkLang(c.lang); err != nil {
		return err
	}
	for _, r := range validate.All {
		fmt.Fprintf(c.stdout, "%s\t%s\t%s\n", r.ID, r.Severity, r.Title.In(c.lang))
	}
	return nil
}

type explainCmd struct {
	env
	lang string
}

func (c *explainCmd) Run(ctx context.Context, args []string) error {
	fs := newFlags("explain", c.env)
	fs.StringVar(&c.lang, "lang", "zh", "message language: zh or en")
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := checkLang(c.lang); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageError{"want one rule ID, e.g. TB101"}
	}
	r := validate.Lookup(strings.ToUpper(fs.Arg(0)))
	if r == nil {
		return usageError{fmt.Sprintf("unknown rule %q (see nianbao rules)", fs.Arg(0))}
	}
	fmt.Fprintf(c.stdout, "%s %s (%s)\n\n%s\n", r.ID, r.Title.In(c.lang), r.Severity, r.Doc.In(c.lang))
	return nil
}
