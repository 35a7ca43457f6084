package main

import (
	"fmt"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/nianbao/nianbao/corpus"
	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/internal/atomicfile"
	"github.com/nianbao/nianbao/internal/display"
)

// oneFile is what the commands that edit one report (fix, annotate) share:
// the limit and rule flags, and checking the file they are given. The
// bytes read are kept because the edits are made on them, not on the text.
type oneFile struct {
	env
	l      tr
	lang   *string
	output string // -o, the file written
	lim    extract.Limits
	rules  ruleFlags
}

// command builds the command at path that runs run, with -o (its help
// in Chinese and English) and the limit and rule flags; the caller adds
// its own flags to fs.
func (o *oneFile) command(path string, run func(*cobra.Command, []string) error, outZh, outEn string) (cmd *cobra.Command, fs *pflag.FlagSet) {
	cmd = o.l.command(path, &cobra.Command{RunE: run})
	fs = cmd.Flags()
	fs.StringVarP(&o.output, "output", "o", "", o.l.t(outZh, outEn))
	limitFlags(fs, o.l, &o.lim)
	o.rules.declare(fs, o.l)
	return cmd, fs
}

// check reads and checks path. A rule that broke is reported on stderr
// under name and the other rules' findings stand; a file that could not
// be read is the error.
func (o *oneFile) check(cmd *cobra.Command, l tr, name, path string) ([]byte, corpus.Result, error) {
	if err := checkLimits(l, cmd, o.lim); err != nil {
		return nil, corpus.Result{}, err
	}
	vo, _, err := o.rules.options(l, []string{path})
	if err != nil {
		return nil, corpus.Result{}, err
	}
	src, err := readLimited(path, o.lim.MaxBytes)
	if err != nil {
		return nil, corpus.Result{}, err
	}
	// Read in a worker process, as check does: a file that crashes its
	// reader or passes --max-memory is an error, not this process's end.
	opts, closeReaders := isolated(corpus.Options{Limits: o.lim, Validate: vo, Workers: 1}, withOrigin)
	defer closeReaders()
	res := corpus.CheckBytes(cmd.Context(), path, src, opts)
	if res.Report == nil {
		return nil, res, res.Err
	}
	if res.Err != nil {
		fmt.Fprintf(cmd.ErrOrStderr(), "nianbao %s: %s\n", name, display.Escape(res.Err.Error()))
	}
	return src, res, nil
}

// writeFile writes data to path atomically: the file appears only whole.
func writeFile(path string, data []byte) error {
	f, err := atomicfile.Create(path)
	if err != nil {
		return err
	}
	defer f.Abort()
	if _, err := f.Write(data); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return f.Commit()
}
