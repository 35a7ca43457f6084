package worker

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/extract/input"
	"github.com/nianbao/nianbao/internal/fixtures"
)

// TestMain lets the test binary be its own worker, as nianbao is.
func TestMain(m *testing.M) { os.Exit(RunTests(m)) }

func mustPool(tb testing.TB, opts Options) *Pool {
	tb.Helper()
	opts.Command = []string{os.Args[0], Arg}
	p := New(opts)
	tb.Cleanup(func() { p.Close() })
	return p
}

func mustWrite(tb testing.TB, name, text string) string {
	tb.Helper()
	p := filepath.Join(tb.TempDir(), name)
	require.NoError(tb, os.WriteFile(p, []byte(text), 0o644))
	return p
}

const report = "某某县人民政府2023年政府信息公开工作年度报告\n一、总体情况\n本年度共收到申请12件。\n"

func TestPool_Read(t *testing.T) {
	p := mustPool(t, Options{Workers: 2, PeakRSS: true})
	file := mustWrite(t, "a.txt", report)
	want, err := input.ReadAs(context.Background(), file, "a.txt", extract.Limits{})
	require.NoError(t, err)
	for range 3 { // one child, started once
		got, err := p.Read(context.Background(), file, "a.txt", extract.Limits{})
		require.NoError(t, err)
		assert.Equal(t, want, got)
	}
	got, err := p.ReadBytes(context.Background(), "<stdin>", []byte(report), extract.Limits{})
	require.NoError(t, err)
	assert.Equal(t, want.Text, got.Text)
	st := p.Stats()
	assert.Equal(t, 1, st.Started)
	assert.Equal(t, 4, st.Files)
	assert.Positive(t, st.PeakRSS, "peak RSS measured in the child")
}

// TestPool_Errors: an error made in a child reads as the same text with
// the same causes.
func TestPool_Errors(t *testing.T) {
	p := mustPool(t, Options{})
	file := mustWrite(t, "big.txt", strings.Repeat(report, 10))
	lim := extract.Limits{MaxBytes: 100}
	_, want := input.ReadAs(context.Background(), file, "big.txt", lim)
	_, err := p.Read(context.Background(), file, "big.txt", lim)
	require.Error(t, err)
	assert.Equal(t, want.Error(), err.Error())
	assert.ErrorIs(t, err, extract.ErrTooLarge)
	var ee *extract.Error
	require.ErrorAs(t, err, &ee)
	assert.Equal(t, "big.txt", ee.Path)
}

// TestPool_ChildDies: a child that dies while it holds a file gives that
// file a crash error; the next file gets a new child.
func TestPool_ChildDies(t *testing.T) {
	p := mustPool(t, Options{})
	file := mustWrite(t, "a.txt", report)
	_, err := p.Read(context.Background(), file, "a.txt", extract.Limits{})
	require.NoError(t, err)
	require.Len(t, p.idle, 1)
	require.NoError(t, p.idle[0].cmd.Process.Kill())
	_, err = p.Read(context.Background(), file, "a.txt", extract.Limits{})
	var ce *extract.CrashError
	require.ErrorAs(t, err, &ce)
	assert.False(t, ce.Memory)
	assert.Contains(t, err.Error(), "a.txt")
	assert.Contains(t, ce.In("zh"), "读取器崩溃")
	_, err = p.Read(context.Background(), file, "a.txt", extract.Limits{})
	require.NoError(t, err)
	assert.Equal(t, 2, p.Stats().Started)
	assert.Equal(t, 1, p.Stats().Crashes)
}

// TestPool_MemoryCap: a child passing its cap is stopped, and the file
// gets an error saying so.
func TestPool_MemoryCap(t *testing.T) {
	p := mustPool(t, Options{MaxMemory: 16 << 20})
	// Far more text than 16 MiB once decoded and laid out.
	file := mustWrite(t, "a.txt", strings.Repeat(report, 200_000))
	_, err := p.Read(context.Background(), file, "a.txt", extract.Limits{MaxBytes: 1 << 30})
	var ce *extract.CrashError
	require.ErrorAs(t, err, &ce)
	assert.True(t, ce.Memory)
	assert.Greater(t, ce.RSS, int64(16<<20))
	assert.Contains(t, ce.In("en"), "--max-memory")
}

// TestPool_Canceled: a child still reading when the caller gives up is
// stopped at once rather than left to finish.
func TestPool_Canceled(t *testing.T) {
	p := mustPool(t, Options{})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := p.Read(ctx, mustWrite(t, "a.txt", report), "a.txt", extract.Limits{})
	assert.True(t, errors.Is(err, context.Canceled), "%v", err)
}

// TestPool_NoOrigin: a pool for callers that make no edits leaves the
// Origin out; the rest of the document is the same.
func TestPool_NoOrigin(t *testing.T) {
	file := fixtures.Path("report.html")
	want, err := input.ReadAs(context.Background(), file, "report.html", extract.Limits{})
	require.NoError(t, err)
	require.NotNil(t, want.Origin)
	got, err := mustPool(t, Options{}).Read(context.Background(), file, "report.html", extract.Limits{})
	require.NoError(t, err)
	assert.Equal(t, want, got)
	got, err = mustPool(t, Options{NoOrigin: true}).Read(context.Background(), file, "report.html", extract.Limits{})
	require.NoError(t, err)
	assert.Nil(t, got.Origin)
	want.Origin = nil
	assert.Equal(t, want, got)
}

// TestPool_MemoryBackstop: with the watch too slow to see it (as on a
// busy machine), a child passing its cap is stopped by the kernel's
// limit all the same, near the cap, and the file gets the same error.
func TestPool_MemoryBackstop(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("RLIMIT_DATA counts the Go heap on Linux")
	}
	defer func(d time.Duration) { watchEvery = d }(watchEvery)
	watchEvery = time.Hour
	const limit = 64 << 20
	p := mustPool(t, Options{MaxMemory: limit})
	// Hundreds of MiB once decoded and laid out.
	file := mustWrite(t, "a.txt", strings.Repeat(report, 400_000))
	_, err := p.Read(context.Background(), file, "a.txt", extract.Limits{MaxBytes: 1 << 30})
	var ce *extract.CrashError
	require.ErrorAs(t, err, &ce)
	assert.True(t, ce.Memory, "%v", err)
	assert.Contains(t, ce.In("zh"), "内存超限")
	// The kernel counts what the runtime mapped at start too (70–120
	// MiB) and the heap grows by whole arenas: the child stops within
	// those of its cap, where without the limit it would reach gigabytes.
	assert.Less(t, ce.RSS, int64(limit+192<<20), "peak RSS of the child")
	t.Logf("child stopped at %d MiB (cap %d MiB)", ce.RSS>>20, limit>>20)
	_, err = p.Read(context.Background(), mustWrite(t, "b.txt", report), "b.txt", extract.Limits{})
	assert.NoError(t, err, "a new child takes its place")
}

// TestChildEnv: a reader starts with the collector setting it runs with
// (GOGC=300), unless the user set GOGC, which it inherits; and with its
// memory cap.
func TestChildEnv(t *testing.T) {
	last := func(env []string, key string) string {
		v := ""
		for _, kv := range env {
			if k, val, ok := strings.Cut(kv, "="); ok && k == key {
				v = val // as exec.Cmd does: the last one counts
			}
		}
		return v
	}
	t.Setenv("GOGC", "")
	env := childEnv(1 << 20)
	assert.Equal(t, "300", last(env, "GOGC"))
	assert.Equal(t, "1048576", last(env, memoryEnv))
	t.Setenv("GOGC", "50")
	assert.Equal(t, "50", last(childEnv(1<<20), "GOGC"))
}

// TestPool_NoPeak: without Options.PeakRSS the children measure no peak
// (two looks at /proc a file that a check does not use).
func TestPool_NoPeak(t *testing.T) {
	p := mustPool(t, Options{})
	file := mustWrite(t, "a.txt", report)
	_, err := p.Read(context.Background(), file, "a.txt", extract.Limits{})
	require.NoError(t, err)
	st := p.Stats()
	assert.Equal(t, 1, st.Files)
	assert.Zero(t, st.PeakRSS)
}
