package main

import (
	"errors"

	"github.com/nianbao/nianbao/corpus"
	"github.com/nianbao/nianbao/extract"
)

// walkPaths are the paths of the entries a folder walk could not take
// (corpus.Expand's errors), to be named like the files found.
func walkPaths(errs []error) []string {
	var out []string
	for _, err := range errs {
		var ee *extract.Error
		if errors.As(err, &ee) {
			out = append(out, ee.Path)
		}
	}
	return out
}

// walkRows makes each entry a folder walk could not take an error row of
// the batch, named as outputs name files, so that a link, a pipe or an
// unreadable folder counts as a file not processed instead of vanishing.
func walkRows(errs []error, names map[string]string) []corpus.Result {
	var out []corpus.Result
	for _, err := range errs {
		var ee *extract.Error
		if !errors.As(err, &ee) {
			continue
		}
		name := names[ee.Path]
		out = append(out, corpus.Result{Path: name, Err: &extract.Error{Path: name, Err: ee.Err}})
	}
	return out
}
