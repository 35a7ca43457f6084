package review_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/extract/input"
	"github.com/nianbao/nianbao/normalize"
	"github.com/nianbao/nianbao/validate"
	"github.com/nianbao/nianbao/validate/review"
)

const seed = "../../corpus/testdata/corpus/000_zibo_zichuan_touzi_2023.txt"

// mustCheck reads, normalizes and checks the report at path.
func mustCheck(tb testing.TB, path string) (*normalize.Report, []validate.Finding) {
	tb.Helper()
	doc, err := input.Read(context.Background(), path, extract.DefaultLimits)
	require.NoError(tb, err)
	rep, err := normalize.Normalize(doc)
	require.NoError(tb, err)
	fs, err := validate.Check(rep, validate.Options{})
	require.NoError(tb, err)
	require.NotEmpty(tb, fs)
	return rep, fs
}

// mustEdit writes the seed, changed by edit, to a new file and returns
// its path.
func mustEdit(tb testing.TB, edit func(string) string) string {
	tb.Helper()
	src, err := os.ReadFile(seed)
	require.NoError(tb, err)
	out := edit(string(src))
	require.NotEqual(tb, string(src), out, "the edit changed nothing")
	path := filepath.Join(tb.TempDir(), filepath.Base(seed))
	require.NoError(tb, os.WriteFile(path, []byte(out), 0o644))
	return path
}

func mustReplace(tb testing.TB, s, old, new string) string {
	tb.Helper()
	require.Contains(tb, s, old)
	return strings.Replace(s, old, new, 1)
}

// byRuleLine indexes fingerprints by "RULE line" for messages.
func fingerprintsOf(tb testing.TB, path string) (map[string]validate.Finding, []string) {
	rep, fs := mustCheck(tb, path)
	fps := review.Fingerprints(rep, fs)
	out := map[string]validate.Finding{}
	for i, fp := range fps {
		out[fp] = fs[i]
	}
	return out, fps
}

func TestFingerprints(t *testing.T) {
	rep, fs := mustCheck(t, seed)
	fps := review.Fingerprints(rep, fs)

	t.Run("deterministic", func(t *testing.T) {
		rep2, fs2 := mustCheck(t, seed)
		assert.Equal(t, fps, review.Fingerprints(rep2, fs2))
	})
	t.Run("distinct and well formed", func(t *testing.T) {
		seen := map[string]bool{}
		for i, fp := range fps {
			assert.Regexp(t, `^[A-Z]{2}\d{3}:[0-9a-f]{16}$`, fp)
			assert.True(t, review.IsFingerprint(fp), fp)
			assert.True(t, strings.HasPrefix(fp, fs[i].Rule.ID+":"), fp)
			assert.False(t, seen[fp], "duplicate %s at %v", fp, fs[i].Pos)
			seen[fp] = true
		}
		assert.Len(t, seen, len(fs))
	})

	// Edits elsewhere in the report: a paragraph inserted at the top, a
	// line of another section rewritten, spaces added inside the flagged
	// line. Every finding keeps its fingerprint though its line moved.
	edits := map[string]func(string) string{
		"paragraph inserted at the top": func(s string) string {
			return "（此件为征求意见稿，请于 2024 年 1 月 31 日前反馈。）\n\n" + s
		},
		"another line changed": func(s string) string {
			return mustReplace(t, s, "2023 年本机关未收到依申请公开事项。", "2023 年，本机关全年未收到任何依申请公开事项，也未发生相关复议诉讼。")
		},
		"both, and a line wrapped elsewhere": func(s string) string {
			s = "说明：本报告经本机关审定。\n\n" + s
			s = mustReplace(t, s, "2023 年本机关未收到依申请公开事项。", "2023 年本机关未收到\n依申请公开事项。")
			return mustReplace(t, s, "严格按照保密法对信息逐条进行审核", "严格 按照保密法对信息逐条 进行审核")
		},
	}
	for name, edit := range edits {
		t.Run(name, func(t *testing.T) {
			got, _ := fingerprintsOf(t, mustEdit(t, edit))
			for i, fp := range fps {
				f, ok := got[fp]
				if assert.True(t, ok, "%s %s at %d:%d (%s) lost its fingerprint", fs[i].Rule.ID, fp, fs[i].Pos.Line, fs[i].Pos.Column, fs[i].Message.Zh) {
					assert.Equal(t, fs[i].Message.Zh, f.Message.Zh)
				}
			}
		})
	}

	t.Run("the flagged text changed", func(t *testing.T) {
		// 溜川 on line 25 corrected: that finding is gone, the others stay.
		got, _ := fingerprintsOf(t, mustEdit(t, func(s string) string {
			return mustReplace(t, s, "“投资溜川”微信公众号", "“投资淄川”微信公众号")
		}))
		for i, fp := range fps {
			_, ok := got[fp]
			assert.Equal(t, fs[i].Pos.Line != 25, ok, "%s at line %d", fs[i].Rule.ID, fs[i].Pos.Line)
		}
	})
}

func TestFingerprints_Repeated(t *testing.T) {
	// The same finding twice in one line, with the same words around it:
	// the second is told apart by its number, and keeps it when text is
	// inserted before both.
	const line = "甲乙丙丁戊己庚辛溜川区甲乙丙丁戊己庚辛溜川区甲乙丙丁戊己庚辛。"
	twice := func(s string) string {
		return mustReplace(t, s, "4.平台建设方面", "4.平台建设方面\n\n"+line)
	}
	repeated := func(path string) []string {
		rep, fs := mustCheck(t, path)
		fps := review.Fingerprints(rep, fs)
		var out []string
		for i, f := range fs {
			if f.Rule.ID == "NM101" && strings.Contains(rep.Doc.Text[f.Span.Start-3:f.Span.End+3], "辛溜川区甲") {
				out = append(out, fps[i])
			}
		}
		return out
	}
	same := repeated(mustEdit(t, twice))
	require.Len(t, same, 2)
	assert.NotEqual(t, same[0], same[1])
	assert.Equal(t, same, repeated(mustEdit(t, func(s string) string { return "草稿\n\n" + twice(s) })))
}

func TestIsFingerprint(t *testing.T) {
	assert.True(t, review.IsFingerprint("NM101:5c0f3d9a1b2e4f60"))
	for _, s := range []string{"", "NM101", "NM101:5C0F3D9A1B2E4F60", "NM101:5c0f3d9a1b2e4f6", "nm101:5c0f3d9a1b2e4f60", " NM101:5c0f3d9a1b2e4f60"} {
		assert.False(t, review.IsFingerprint(s), s)
	}
}

func TestFold(t *testing.T) {
	assert.Equal(t, "2023年淄川区", review.Fold(" ２０２３ 年\n淄川区\u3000"))
	assert.Equal(t, "", review.Fold(" \t\n"))
}

func TestFile_Apply(t *testing.T) {
	rep, fs := mustCheck(t, seed)
	fps := review.Fingerprints(rep, fs)
	var f review.File
	assert.True(t, f.Set(review.Entry{Fingerprint: fps[0], Rule: fs[0].Rule.ID, Report: "dir/" + filepath.Base(seed), Status: review.Dismissed, Reason: "村名", Who: "甲", When: "2024-03-01T09:30:00Z", Hint: review.HintOf(rep, fs[0])}))
	assert.True(t, f.Set(review.Entry{Fingerprint: fps[1], Rule: fs[1].Rule.ID, Status: review.Confirmed}))

	ds := f.Apply(seed, rep, fs)
	require.Len(t, ds, len(fs))
	assert.Equal(t, review.Dismissed, ds[0].Status())
	assert.Equal(t, "村名", ds[0].Reason())
	assert.Equal(t, review.Confirmed, ds[1].Status())
	for _, d := range ds[2:] {
		assert.Equal(t, review.Pending, d.Status())
	}
	// An entry for one report does not apply to another; one for every
	// report does.
	other := f.Apply("other.txt", rep, fs)
	assert.Equal(t, review.Pending, other[0].Status())
	assert.Equal(t, review.Confirmed, other[1].Status())
	// Nil file: fingerprints, no decisions.
	for i, d := range (*review.File)(nil).Apply(seed, rep, fs) {
		assert.Equal(t, fps[i], d.Fingerprint)
		assert.Nil(t, d.Entry)
	}
}

func TestFile_Set(t *testing.T) {
	var f review.File
	e := review.Entry{Fingerprint: "NM101:0000000000000001", Rule: "NM101", Status: review.Dismissed, Reason: "村名", Who: "甲", When: "2024-03-01T09:30:00Z"}
	require.True(t, f.Set(e))
	again := e
	again.Who, again.When = "乙", "2024-04-01T00:00:00Z"
	assert.False(t, f.Set(again), "same decision: who and when stay")
	assert.Equal(t, "甲", f.Entries[0].Who)
	again.Reason = "地名"
	assert.True(t, f.Set(again))
	require.Len(t, f.Entries, 1)
	assert.Equal(t, "乙", f.Entries[0].Who)
	assert.True(t, f.Set(review.Entry{Fingerprint: e.Fingerprint, Status: review.Pending}))
	assert.Empty(t, f.Entries)
	assert.False(t, f.Set(review.Entry{Fingerprint: e.Fingerprint, Status: review.Pending}))
}

func TestFile_SaveLoad(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "r.review.json")
	empty, err := review.Load(path)
	require.NoError(t, err, "a missing file is an empty one")
	assert.Empty(t, empty.Entries)

	var f review.File
	f.Set(review.Entry{Fingerprint: "TB101:00000000000000bb", Rule: "TB101", Report: "b.txt", Status: review.Fixed, Hint: review.Hint{Key: "requests.new.total", Label: "表三“一、本年新收”行“总计”列"}})
	f.Set(review.Entry{Fingerprint: "NM101:00000000000000aa", Rule: "NM101", Report: "b.txt", Status: review.Dismissed, Reason: "村名 <b>&</b>", When: "2024-03-01T09:30:00Z"})
	f.Set(review.Entry{Fingerprint: "ST101:00000000000000cc", Rule: "ST101", Report: "a.txt", Status: review.Confirmed})
	require.NoError(t, f.Save(path))
	b1, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, `{
  "version": 1,
  "entries": [
    {
      "fingerprint": "ST101:00000000000000cc",
      "rule": "ST101",
      "report": "a.txt",
      "status": "confirmed",
      "hint": {}
    },
    {
      "fingerprint": "NM101:00000000000000aa",
      "rule": "NM101",
      "report": "b.txt",
      "status": "dismissed",
      "reason": "村名 <b>&</b>",
      "when": "2024-03-01T09:30:00Z",
      "hint": {}
    },
    {
      "fingerprint": "TB101:00000000000000bb",
      "rule": "TB101",
      "report": "b.txt",
      "status": "fixed",
      "hint": {
        "key": "requests.new.total",
        "label": "表三“一、本年新收”行“总计”列"
      }
    }
  ]
}
`, string(b1))

	back, err := review.Load(path)
	require.NoError(t, err)
	require.NoError(t, back.Save(path))
	b2, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, string(b1), string(b2), "same decisions, same bytes")

	// Beside a report, entries carry no report.
	beside := filepath.Join(dir, "a.txt")
	g, err := review.LoadBeside(beside)
	require.NoError(t, err)
	g.Set(review.Entry{Fingerprint: "ST101:00000000000000cc", Report: "elsewhere.txt", Status: review.Confirmed})
	require.NoError(t, g.Save(review.Beside(beside)))
	b3, err := os.ReadFile(filepath.Join(dir, "a.txt.review.json"))
	require.NoError(t, err)
	assert.NotContains(t, string(b3), "report")
	assert.Equal(t, "ST101", mustLoad(t, filepath.Join(dir, "a.txt.review.json")).Entries[0].Rule, "rule read from the fingerprint")
}

func mustLoad(tb testing.TB, path string) *review.File {
	tb.Helper()
	f, err := review.Load(path)
	require.NoError(tb, err)
	return f
}

func TestRead_Errors(t *testing.T) {
	for name, src := range map[string]string{
		"version":        `{"version": 2, "entries": []}`,
		"unknown field":  `{"version": 1, "entries": [{"fingerprint": "NM101:1", "status": "dismissed", "reason": "x", "reasn": "y"}]}`,
		"status":         `{"version": 1, "entries": [{"fingerprint": "NM101:1", "status": "ignored"}]}`,
		"pending":        `{"version": 1, "entries": [{"fingerprint": "NM101:1", "status": ""}]}`,
		"no reason":      `{"version": 1, "entries": [{"fingerprint": "NM101:1", "status": "dismissed"}]}`,
		"no fingerprint": `{"version": 1, "entries": [{"status": "fixed"}]}`,
		"not json":       `version = 1`,
	} {
		t.Run(name, func(t *testing.T) {
			_, err := review.Read(strings.NewReader(src))
			assert.Error(t, err)
		})
	}
	f, err := review.Read(strings.NewReader(`{"version": 1, "entries": [{"fingerprint": "NM101:1", "status": "非错误", "reason": "村名"}]}`))
	require.NoError(t, err)
	assert.Equal(t, review.Dismissed, f.Entries[0].Status, "statuses by their Chinese names too")
}

func TestParseStatus(t *testing.T) {
	for in, want := range map[string]review.Status{
		"": review.Pending, " 待处理 ": review.Pending, "pending": review.Pending,
		"已确认": review.Confirmed, "Confirmed": review.Confirmed,
		"非错误": review.Dismissed, "dismissed": review.Dismissed,
		"已修正": review.Fixed, "FIXED": review.Fixed,
	} {
		got, err := review.ParseStatus(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, got, in)
	}
	_, err := review.ParseStatus("忽略")
	assert.Error(t, err)
}
