package worker

import (
	"archive/zip"
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/extract/input"
	"github.com/nianbao/nianbao/internal/procmem"
)

// Arg is the hidden first argument that makes the binary a worker.
const Arg = "__worker"

// request asks a worker to read File, or Src when File is empty (a
// report on standard input), naming it Name.
type request struct {
	File, Name string
	Src        []byte
	Limits     extract.Limits
	// NoOrigin drops the document's Origin before it is sent back.
	NoOrigin bool
	// Peak asks for the peak resident memory of reading the file.
	Peak bool
}

// response is a worker's answer: the document, or the error, with the
// error's causes by name so that errors.Is still works in the parent.
type response struct {
	Doc     *extract.Document
	Err     string // the cause's text, without "extract: name: "
	Path    string // the extract.Error's path, when Err came in one
	Causes  []string
	PeakRSS int64 // the child's peak resident memory while reading, bytes
}

// causes are the sentinel errors that survive the trip as themselves.
var causes = map[string]error{
	"too-large":   extract.ErrTooLarge,
	"encoding":    extract.ErrEncoding,
	"unsupported": extract.ErrUnsupported,
	"needs-ocr":   extract.ErrNeedsOCR,
	"empty":       extract.ErrEmpty,
	"deadline":    context.DeadlineExceeded,
	"canceled":    context.Canceled,
}

// remoteError is an error made in a worker: its text and its causes.
type remoteError struct {
	msg    string
	causes []error
}

func (e *remoteError) Error() string { return e.msg }

func (e *remoteError) Is(target error) bool {
	for _, c := range e.causes {
		if c == target {
			return true
		}
	}
	return false
}

// stackLimit bounds a worker's goroutine stacks. Nothing legitimate comes
// close (markup depth is bounded by --max-depth); the runtime's default
// of 1 GB lets a runaway recursion use that much memory before it dies.
const stackLimit = 64 << 20

// Main runs a worker on descriptors 3 (requests) and 4 (answers) until
// the parent closes its end, and returns the exit code. The parent
// passes the memory cap in NIANBAO_WORKER_MEMORY (bytes); the garbage
// collector works harder as it comes near, and the parent stops a child
// that passes it anyway.
func Main() int {
	debug.SetMaxStack(stackLimit)
	// Between files a worker's live heap is a few MiB, so the default
	// GOGC collects after every few allocations of a document (10% of a
	// worker's CPU on HTML); the memory limit below bounds what a larger
	// GOGC lets the heap grow to.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(readerGOGC)
	}
	var limit int64
	if _, err := fmt.Sscan(os.Getenv(memoryEnv), &limit); err == nil && limit > 0 {
		debug.SetMemoryLimit(limit * 3 / 4)
		// The parent looks at the child's memory every 10 ms; on a busy
		// machine a fast parse can pass its share by much more before it
		// is seen. The kernel's limit on writable memory is the backstop:
		// past it an allocation fails and the runtime dies with "out of
		// memory", which the parent reports as the share passed. What is
		// mapped at start (the runtime's first heap arena, the binary's
		// data: about 70 MiB) is added, as it is counted and is not the
		// file's doing.
		_ = limitData(procmem.Data() + limit)
	}
	in, out := os.NewFile(3, "requests"), os.NewFile(4, "answers")
	if in == nil || out == nil {
		fmt.Fprintln(os.Stderr, "nianbao: the worker is started by nianbao itself")
		return 2
	}
	var frame, reqBuf []byte
	for {
		var req request
		var err error
		if reqBuf, err = readRequest(in, reqBuf, &req); err != nil {
			return 0 // the parent is done
		}
		if cap(reqBuf) > keepBuffer {
			reqBuf = nil // a large report's buffer is not kept for the next
		}
		if req.Peak {
			procmem.ResetPeak()
		}
		restoreGC := lowerGC(req)
		// What is dropped below need not be made.
		req.Limits.NoOrigin = req.Limits.NoOrigin || req.NoOrigin
		var doc *extract.Document
		if req.File == "" {
			doc, err = input.Bytes(context.Background(), req.Name, req.Src, req.Limits)
		} else {
			doc, err = input.ReadAs(context.Background(), req.File, req.Name, req.Limits)
		}
		if doc != nil && req.NoOrigin {
			doc.Origin = nil
		}
		res := response{Doc: doc}
		if err != nil {
			res.Err = err.Error()
			var ee *extract.Error
			if errors.As(err, &ee) {
				res.Path, res.Err = ee.Path, ee.Err.Error()
			}
			for name, c := range causes {
				if errors.Is(err, c) {
					res.Causes = append(res.Causes, name)
				}
			}
		}
		if doc != nil && len(doc.Text) >= streamFrom {
			res.PeakRSS = readPeak(req)
			frame, err = streamResponse(out, frame, &res)
		} else {
			frame = appendResponse(frame[:0], &res)
			res.PeakRSS = readPeak(req)
			setPeak(frame, res.PeakRSS)
			if doc != nil {
				// The text after its frame in one write, as the answer
				// of an ordinary report was sent before the text went
				// apart from the frame.
				frame = append(frame, doc.Text...)
			}
			_, err = out.Write(frame)
		}
		restoreGC()
		if err != nil {
			return 0
		}
		if cap(frame) > keepBuffer {
			frame = nil // a large document's buffer is not kept for the next
		}
	}
}

// readPeak is the peak resident memory of reading req's file, when it
// asks for it, else 0.
func readPeak(req request) int64 {
	if !req.Peak {
		return 0
	}
	return procmem.PeakRSS()
}

// bigInput is the input size, in bytes, from which a document is read
// with the collector at bigGC instead of the reader's usual 300: the
// garbage of reading a file grows with the file, and at 300 the heap
// may grow to four times what is live (a 10 MB one-line HTML page
// peaked at 834 MiB, 448 MiB at 25; 10 MB of text 226 → 141 MiB). An
// ordinary report is far below it and keeps the faster setting.
const (
	bigInput = 4 << 20
	bigGC    = 25
)

// lowerGC sets the collector for the input of req, and returns what
// puts it back. GOGC, when the user set it, wins.
func lowerGC(req request) func() {
	userGC := os.Getenv("GOGC") != "" && os.Getenv(defaultGCEnv) == ""
	if userGC || inputSize(req) < bigInput {
		return func() {}
	}
	old := debug.SetGCPercent(bigGC)
	return func() { debug.SetGCPercent(old) }
}

// inputSize is the size of req's input, in bytes, or of what it holds
// unpacked when it is a zip archive (DOCX) between 64 KiB and bigInput:
// XML compresses tenfold and more, and its size, not the archive's, is
// what reading it costs (a 0.5 MB DOCX of 10 MB of XML peaked at 136
// MiB). Smaller archives, the ordinary reports, are not opened twice.
func inputSize(req request) int64 {
	var r io.ReaderAt = bytes.NewReader(req.Src)
	size := int64(len(req.Src))
	if req.File != "" {
		st, err := os.Stat(req.File)
		if err != nil {
			return 0
		}
		size = st.Size()
	}
	if size < 64<<10 || size >= bigInput {
		return size
	}
	if req.File != "" {
		f, err := os.Open(req.File)
		if err != nil {
			return size
		}
		defer f.Close()
		r = f
	}
	// A PDF is never an archive: its first bytes say so at the cost of
	// one small read, where zip.NewReader reads and searches the last
	// 64 KiB for a directory.
	var magic [4]byte
	if _, err := r.ReadAt(magic[:], 0); err != nil || string(magic[:]) != "PK\x03\x04" {
		return size
	}
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return size // not an archive
	}
	var unzipped uint64
	for _, f := range zr.File {
		unzipped += f.UncompressedSize64
	}
	return int64(min(max(unzipped, uint64(size)), 1<<62))
}

// RunTests is the TestMain of a package whose tests start workers: the
// test binary serves as the worker when started with Arg, and otherwise
// runs the tests (m is the *testing.M).
//
//	func TestMain(m *testing.M) { os.Exit(worker.RunTests(m)) }
func RunTests(m interface{ Run() int }) int {
	if len(os.Args) > 1 && os.Args[1] == Arg {
		return Main()
	}
	return m.Run()
}

// streamFrom is the length of text, in bytes, from which a document's
// answer is streamed (streamResponse) rather than built and then sent:
// below it the kept frame buffer serves without growing, and the answer
// is encoded once.
const streamFrom = keepBuffer

// keepBuffer is the largest frame buffer kept from one answer to the
// next: enough for an ordinary report, so that most answers allocate
// nothing, without holding a large one's memory for the rest of the run.
const keepBuffer = 1 << 20

// memoryEnv carries a child's memory cap.
const memoryEnv = "NIANBAO_WORKER_MEMORY"

// Options tune a Pool.
type Options struct {
	// Command starts a worker; nil means this executable with Arg.
	Command []string
	// Workers is how many children may run at once (at least 1).
	Workers int
	// MaxMemory is the resident memory one child may use, in bytes,
	// counting the programs it runs (pdftoppm, tesseract); 0 means no cap.
	MaxMemory int64
	// NoOrigin says the caller makes no edits: documents come back
	// without their Origin (extract.Document.Origin), which is most of
	// the weight of an HTML or DOCX document, to send and to hold.
	NoOrigin bool
	// PeakRSS has the children measure the peak resident memory of
	// reading each file, for Stats.PeakRSS and SumRSS: a reset and a read
	// of /proc/self/status a file, 0.1 ms, as much as a tenth of reading
	// a small text report, which only the tests of memory use.
	PeakRSS bool
}

// Pool hands files to worker processes. It is safe for concurrent use;
// at most Options.Workers files are read at once.
type Pool struct {
	opts  Options
	slots chan struct{}
	mu    sync.Mutex
	idle  []*child
	stats Stats
}

// Stats sum up what the children did.
type Stats struct {
	Files   int   // files read
	Crashes int   // children that died or were stopped
	Started int   // children started
	PeakRSS int64 // the largest peak resident memory of one file, bytes (Options.PeakRSS)
	SumRSS  int64 // the peak resident memory of each file, summed, bytes (Options.PeakRSS)
}

// New makes a pool; children start when first needed.
func New(opts Options) *Pool {
	opts.Workers = max(1, opts.Workers)
	return &Pool{opts: opts, slots: make(chan struct{}, opts.Workers)}
}

// Stats returns the counts so far.
func (p *Pool) Stats() Stats {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.stats
}

// Read reads file in a worker, naming it name, as input.ReadAs does. A
// worker that dies, passes the memory cap or is still reading when ctx
// ends is killed and its file gets an *extract.Error.
func (p *Pool) Read(ctx context.Context, file, name string, lim extract.Limits) (*extract.Document, error) {
	// The file is looked at here, where its name means what the user
	// meant: /dev/stdin or /proc/self/… in a child would be the child's.
	if err := input.Check(file, name); err != nil {
		return nil, err
	}
	if real, err := filepath.EvalSymlinks(file); err == nil {
		file = real
	}
	return p.do(ctx, request{File: file, Name: name, Limits: lim, NoOrigin: p.opts.NoOrigin, Peak: p.opts.PeakRSS})
}

// ReadBytes is Read of a report held in memory (standard input), as
// input.Bytes.
func (p *Pool) ReadBytes(ctx context.Context, name string, src []byte, lim extract.Limits) (*extract.Document, error) {
	return p.do(ctx, request{Name: name, Src: src, Limits: lim, NoOrigin: p.opts.NoOrigin, Peak: p.opts.PeakRSS})
}

func (p *Pool) do(ctx context.Context, req request) (*extract.Document, error) {
	name := req.Name
	select {
	case p.slots <- struct{}{}:
	case <-ctx.Done():
		return nil, &extract.Error{Path: name, Err: ctx.Err()}
	}
	defer func() { <-p.slots }()
	c, err := p.take()
	if err != nil {
		return nil, &extract.Error{Path: name, Err: fmt.Errorf("start reader process: %w", err)}
	}
	res, err := c.read(ctx, req, p.opts.MaxMemory)
	p.mu.Lock()
	defer p.mu.Unlock()
	if err != nil {
		c.kill()
		p.stats.Crashes++
		var ce *extract.CrashError
		if errors.As(err, &ce) {
			return nil, &extract.Error{Path: name, Err: ce}
		}
		return nil, &extract.Error{Path: name, Err: err}
	}
	p.idle = append(p.idle, c)
	p.stats.Files++
	p.stats.PeakRSS = max(p.stats.PeakRSS, res.PeakRSS)
	p.stats.SumRSS += res.PeakRSS
	if res.Doc != nil {
		return res.Doc, nil
	}
	e := &remoteError{msg: res.Err}
	for _, n := range res.Causes {
		e.causes = append(e.causes, causes[n])
	}
	if res.Path == "" {
		return nil, e
	}
	return nil, &extract.Error{Path: res.Path, Err: e}
}

// take returns an idle child or starts one.
func (p *Pool) take() (*child, error) {
	p.mu.Lock()
	if n := len(p.idle); n > 0 {
		c := p.idle[n-1]
		p.idle = p.idle[:n-1]
		p.mu.Unlock()
		return c, nil
	}
	p.stats.Started++
	p.mu.Unlock()
	return start(p.opts)
}

// Close stops the idle children; a pool is not used after Close.
func (p *Pool) Close() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.idle {
		c.stop()
	}
	p.idle = nil
	return nil
}

// child is one worker process.
type child struct {
	cmd *exec.Cmd
	in  *os.File // requests, to the child
	out *os.File // answers, from the child
	// answers reads out, so that an ordinary answer, frame and text,
	// takes one read.
	answers *bufio.Reader
	frame   []byte // the last answer's bytes, reused
	stderr  *tail
	exited  chan struct{} // closed once reap has seen the child exit
	reaping sync.Once
}

// readerGOGC is the collector's setting in a reader (see Main).
const readerGOGC = 300

// defaultGCEnv marks a GOGC that childEnv set, not the user, so that
// lowerGC may still change it for a large input.
const defaultGCEnv = "NIANBAO_WORKER_DEFAULT_GOGC"

// childEnv is the environment of a reader: this process's, its memory
// cap, and GOGC=readerGOGC unless GOGC is set. Main would set the same,
// but only once the packages are initialised: they allocate 3.5 MiB on
// the way, which the default setting collects once, 3 ms of CPU in every
// reader started (a tenth of checking a small PDF).
func childEnv(maxMemory int64) []string {
	env := append(os.Environ(), fmt.Sprintf("%s=%d", memoryEnv, maxMemory))
	if os.Getenv("GOGC") == "" {
		env = append(env, fmt.Sprintf("GOGC=%d", readerGOGC), defaultGCEnv+"=1")
	}
	return env
}

func start(opts Options) (*child, error) {
	argv := opts.Command
	if len(argv) == 0 {
		exe, err := os.Executable()
		if err != nil {
			return nil, err
		}
		argv = []string{exe, Arg}
	}
	reqR, reqW, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	ansR, ansW, err := os.Pipe()
	if err != nil {
		reqR.Close()
		reqW.Close()
		return nil, err
	}
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.ExtraFiles = []*os.File{reqR, ansW}
	cmd.Env = childEnv(opts.MaxMemory)
	c := &child{cmd: cmd, in: reqW, out: ansR, answers: bufio.NewReaderSize(ansR, answerBuffer), stderr: &tail{}, exited: make(chan struct{})}
	cmd.Stderr = c.stderr
	setGroup(cmd)
	err = cmd.Start()
	reqR.Close()
	ansW.Close()
	if err != nil {
		reqW.Close()
		ansR.Close()
		return nil, err
	}
	return c, nil
}

// reap waits for the child's exit in the background, from the first
// call on. It is not started with the child: a goroutine blocked in
// wait4 for the child's whole life holds a thread in a system call,
// which the runtime's monitor answers by handing that thread's
// processor to another thread, started for it, and by polling every
// 20 µs again (that monitor was 7% of the CPU samples of checking a
// 5-page PDF). Nothing needs the exit before the child is stopped,
// killed or found dead: a death while reading ends its answers pipe.
func (c *child) reap() {
	c.reaping.Do(func() {
		go func() {
			_ = c.cmd.Wait()
			close(c.exited)
		}()
	})
}

// answerBuffer is the size of a child's answers buffer: an ordinary
// report's answer, text included, fits.
const answerBuffer = 64 << 10

// watchEvery is how often a reading child's memory is looked at.
var watchEvery = 10 * time.Millisecond

// read sends one request and waits for the answer, the child's death,
// its passing maxMemory, or the end of ctx.
func (c *child) read(ctx context.Context, req request, maxMemory int64) (*response, error) {
	if _, err := c.in.Write(appendRequest(nil, &req)); err != nil {
		return nil, c.crash(err, maxMemory)
	}
	done := make(chan error, 1)
	var res response
	go func() {
		var err error
		c.frame, err = readResponse(c.answers, c.frame, &res)
		if cap(c.frame) > keepBuffer {
			c.frame = nil
		}
		done <- err
	}()
	tick := time.NewTicker(watchEvery)
	defer tick.Stop()
	for {
		select {
		case err := <-done:
			if err != nil {
				return nil, c.crash(err, maxMemory)
			}
			return &res, nil
		case <-ctx.Done():
			c.kill()
			return nil, ctx.Err()
		case <-tick.C:
			if maxMemory <= 0 {
				continue
			}
			if rss := procmem.TreeRSS(c.cmd.Process.Pid); rss > maxMemory {
				c.kill()
				return nil, &extract.CrashError{Memory: true, RSS: rss, Limit: maxMemory}
			}
		}
	}
}

// crash explains a child's death: the runtime's last words on standard
// error ("fatal error: stack overflow", "runtime: out of memory") or how
// it exited.
func (c *child) crash(err error, maxMemory int64) error {
	c.reap()
	select {
	case <-c.exited:
	case <-time.After(2 * time.Second):
		c.kill()
		<-c.exited
	}
	detail := c.stderr.reason()
	// The backstop (limitData) stops a child before the watch sees it:
	// the runtime then dies for want of memory in one of several ways
	// ("out of memory", "cannot allocate memory", or a fault in the
	// runtime itself when a mapping fails). A death with such last words,
	// or after the child's resident memory passed its cap, is the share
	// passed, whatever the runtime said.
	if peak := peakRSS(c.cmd.ProcessState); maxMemory > 0 && (outOfMemory(detail) || peak > maxMemory) {
		return &extract.CrashError{Memory: true, RSS: max(peak, maxMemory+1), Limit: maxMemory}
	}
	if detail == "" && c.cmd.ProcessState != nil {
		detail = c.cmd.ProcessState.String()
	}
	if detail == "" {
		detail = err.Error()
	}
	return &extract.CrashError{Detail: detail}
}

// stop ends an idle child: closing its requests makes it exit.
func (c *child) stop() {
	c.in.Close()
	c.reap()
	select {
	case <-c.exited:
	case <-time.After(time.Second):
		c.kill()
		<-c.exited
	}
	c.out.Close()
}

// kill ends the child and whatever it started.
func (c *child) kill() {
	killGroup(c.cmd)
	c.reap()
	c.in.Close()
	c.out.Close()
}

// tail keeps the start of what a child writes on standard error: the
// runtime names the reason of a fatal error first, then dumps every
// goroutine, which nobody is shown.
type tail struct {
	mu  sync.Mutex
	buf []byte
}

const tailSize = 16 << 10

func (t *tail) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if room := tailSize - len(t.buf); room > 0 {
		t.buf = append(t.buf, p[:min(len(p), room)]...)
	}
	return len(p), nil
}

// reason picks the line that says why the runtime gave up, without the
// goroutine dump that follows it.
func (t *tail) reason() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	lines := strings.Split(string(t.buf), "\n")
	for _, prefix := range []string{"fatal error:", "runtime: out of memory", "panic:", "runtime:"} {
		for _, l := range lines {
			if strings.HasPrefix(l, prefix) {
				return strings.TrimSpace(l)
			}
		}
	}
	return string(bytes.TrimSpace([]byte(lines[0])))
}

// outOfMemory says the runtime gave up for want of memory: "fatal
// error: runtime: out of memory", "… out of memory allocating heap arena
// metadata", "fatal error: runtime: cannot allocate memory".
func outOfMemory(reason string) bool {
	return strings.Contains(reason, "out of memory") || strings.Contains(reason, "cannot allocate memory")
}
