package corpus

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/internal/lazyre"
)

// reportExts are the file name endings a folder walk picks up. Content,
// not the name, decides the format later; the list only keeps spreadsheets,
// archives of other things and stray files out of a batch, while keeping
// formats we cannot read (.doc, .wps, .ofd) so that they show up as error
// rows instead of vanishing.
var reportExts = map[string]bool{
	".txt": true, ".text": true, ".md": true,
	".html": true, ".htm": true, ".shtml": true, ".xhtml": true, ".jsp": true, ".aspx": true, ".php": true,
	".docx": true, ".doc": true, ".wps": true, ".ofd": true, ".pdf": true,
	".png": true, ".jpg": true, ".jpeg": true, ".tif": true, ".tiff": true,
}

// Expand turns command-line arguments into the files of a batch: files
// stay as given, folders are walked (hidden entries skipped) for report
// files, sorted by path so that every run sees the same order. Entries that
// cannot be read, and entries that are not regular files (links, pipes,
// devices), are returned as errors naming them, and the rest still expand.
func Expand(args []string) (paths []string, errs []error) {
	paths, _, errs = ExpandSkipping(args)
	return paths, errs
}

// A Skip is an entry a folder walk passed over on purpose, and why: the
// batch says so rather than let a file vanish from it unseen.
type Skip struct {
	Path   string
	Reason Skipped
}

// Skipped says why a walk passed an entry over.
type Skipped int

const (
	SkipHidden    Skipped = iota + 1 // a name starting with "." (.git, .DS_Store); a folder is not walked
	SkipExtension                    // not a report's file type (.xlsx, .png, .zip …)
	SkipReadme                       // a folder's README or LICENSE, which describes the folder
)

// folderDoc names the files that describe a folder rather than report on
// a year: a README.md beside the reports is text a walk would otherwise
// check as one (and find it wanting).
var folderDoc = lazyre.New(`(?i)^(readme|license|licence|changelog)(\.[a-z]+)?$`)

// ExpandSkipping is Expand that also lists the entries the walks passed
// over on purpose, in walk order.
func ExpandSkipping(args []string) (paths []string, skipped []Skip, errs []error) {
	seen := map[string]bool{}
	add := func(p string) {
		if !seen[p] {
			seen[p] = true
			paths = append(paths, p)
		}
	}
	for _, arg := range args {
		st, err := os.Stat(arg)
		if err != nil || !st.IsDir() {
			add(arg) // a missing file becomes an error row when read
			continue
		}
		var found []string
		err = filepath.WalkDir(arg, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				errs = append(errs, &extract.Error{Path: p, Err: unwrapPathError(err)})
				if d != nil && d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			name := d.Name()
			if p != arg && strings.HasPrefix(name, ".") {
				skipped = append(skipped, Skip{p, SkipHidden})
				if d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			switch {
			case d.IsDir():
			case !d.Type().IsRegular():
				// A link is not followed (it may lead out of the folder
				// or round in a circle), a pipe or device not opened;
				// either way the batch says so instead of dropping it.
				errs = append(errs, &extract.Error{Path: p, Err: fmt.Errorf("%w: %s, skipped", extract.ErrNotRegular, extract.FileKind(d.Type()))})
			case folderDoc.MatchString(name):
				skipped = append(skipped, Skip{p, SkipReadme})
			case reportExts[strings.ToLower(filepath.Ext(name))]:
				found = append(found, p)
			default:
				skipped = append(skipped, Skip{p, SkipExtension})
			}
			return nil
		})
		if err != nil {
			errs = append(errs, &extract.Error{Path: arg, Err: unwrapPathError(err)})
		}
		sort.Strings(found)
		for _, p := range found {
			add(p)
		}
	}
	return paths, skipped, errs
}

// ReadList reads paths, one per line, from r (a list file or standard
// input). Blank lines and lines starting with # are skipped. A line
// longer than 64 KiB is an error naming its number: no path is that long,
// so the input is not a list (--list /dev/zero).
func ReadList(r io.Reader) ([]string, error) {
	var out []string
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 4<<10), maxListLine)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		out = append(out, line)
	}
	if errors.Is(sc.Err(), bufio.ErrTooLong) {
		return out, fmt.Errorf("line %d is longer than %d KiB: not a list of paths", n+1, maxListLine>>10)
	}
	return out, sc.Err()
}

const maxListLine = 64 << 10

// ReadListFile reads the list file name (a regular file only: a pipe
// or device given by mistake would block or never end).
func ReadListFile(name string) ([]string, error) {
	st, err := os.Stat(name)
	if err != nil {
		return nil, unwrapPathError(err)
	}
	if err := extract.CheckRegular(st.Mode()); err != nil {
		return nil, err
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, unwrapPathError(err)
	}
	defer f.Close()
	return ReadList(f)
}

// Stream checks paths with opts.Workers files at once and hands each
// result to fn in the order of paths, one at a time, whatever the
// scheduling. Results are not kept: memory stays bounded by the number of
// results waiting for an earlier, slower file (at most a few per worker).
// A panic while checking one file becomes that file's error.
func Stream(ctx context.Context, paths []string, opts Options, fn func(i int, r Result) error) error {
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = max(1, min(workers, len(paths)))
	type item struct {
		i int
		r Result
	}
	jobs := make(chan int)
	done := make(chan item, workers)
	// window bounds how far workers may run ahead of the file fn waits for.
	window := make(chan struct{}, 4*workers)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				done <- item{i, checkIsolated(ctx, paths[i], opts)}
			}
		}()
	}
	go func() {
		defer close(jobs)
		for i := range paths {
			select {
			case window <- struct{}{}:
			case <-ctx.Done():
				return
			}
			select {
			case jobs <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() {
		wg.Wait()
		close(done)
	}()
	pending := map[int]Result{}
	next := 0
	var ferr error
	for it := range done {
		pending[it.i] = it.r
		for {
			r, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			if ferr == nil {
				// The result of a large text is written out with the
				// collector as low as it was checked: its findings'
				// positions and lines are made while the document is
				// still held, and at the batch's usual setting that
				// garbage took the heap to twice the document's (10 MB
				// of text: 119 MB against a live heap of 56).
				restore := lowerGC(resultText(r))
				if err := fn(next, r); err != nil {
					ferr = err
					cancel()
				}
				restore()
			}
			next++
			<-window
		}
	}
	if ferr != nil {
		return ferr
	}
	return ctx.Err()
}

// resultText is the size of the text r's report was made of, 0 when it
// has none.
func resultText(r Result) int {
	if r.Report == nil || r.Report.Doc == nil {
		return 0
	}
	return len(r.Report.Doc.Text)
}

// checkIsolated is CheckFile with a panic turned into the file's error,
// so one file never takes the batch down, and with opts.Timeout: a file
// that takes longer is reported as an error and the batch moves on. (The
// stuck work cannot be stopped from outside; it is left to finish in the
// background. The limits make that rare; the timeout makes it harmless.)
func checkIsolated(ctx context.Context, path string, opts Options) Result {
	if opts.Timeout <= 0 {
		return checkRecovered(ctx, path, opts)
	}
	ctx, cancel := context.WithTimeout(ctx, opts.Timeout)
	defer cancel()
	done := make(chan Result, 1)
	go func() { done <- checkRecovered(ctx, path, opts) }()
	gaveUp := Result{Path: opts.name(path), Err: fmt.Errorf("corpus: %s: gave up after %v (see --timeout)", opts.name(path), opts.Timeout)}
	select {
	case r := <-done:
		// A check that ran past its time is given up even when it ended
		// before the timer was seen: when both are ready, select picks one
		// at random, and the same file must give the same row.
		if dl, ok := ctx.Deadline(); ok && !time.Now().Before(dl) {
			return gaveUp
		}
		return r
	case <-ctx.Done():
		return gaveUp
	}
}

func checkRecovered(ctx context.Context, path string, opts Options) (res Result) {
	defer func() {
		if v := recover(); v != nil {
			res = Result{Path: opts.name(path), Err: fmt.Errorf("corpus: %s: internal error (please report it): %v\n%s", opts.name(path), v, firstFrames(debug.Stack()))}
		}
	}()
	return CheckFile(ctx, path, opts)
}

// firstFrames keeps the top of a stack trace: enough to report a bug,
// short enough for an error row.
func firstFrames(stack []byte) string {
	lines := strings.Split(string(stack), "\n")
	if len(lines) > 16 {
		lines = lines[:16]
	}
	return strings.Join(lines, "\n")
}

// unwrapPathError drops the path from an *os.PathError, for errors
// that name the path themselves.
func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %w", pe.Op, pe.Err)
	}
	return err
}
