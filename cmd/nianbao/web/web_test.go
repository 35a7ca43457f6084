package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nianbao/nianbao/cmd/nianbao/web"
	"github.com/nianbao/nianbao/corpus"
	"github.com/nianbao/nianbao/export"
	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/internal/fixtures"
	"github.com/nianbao/nianbao/validate/review"
)

const seedName = "000_zibo_zichuan_touzi_2023.txt"

// served is a server running on a loopback port for one test.
type served struct {
	url  string // http://127.0.0.1:PORT
	host string // 127.0.0.1:PORT
	dir  string
}

// mustServe serves dir (a new folder holding a copy of the seed as
// seed.txt when dir is "") until the test ends.
func mustServe(tb testing.TB, dir string, lim extract.Limits) served {
	tb.Helper()
	if dir == "" {
		dir = tb.TempDir()
		require.NoError(tb, os.WriteFile(filepath.Join(dir, "seed.txt"), fixtures.Read(tb, seedName), 0o644))
	}
	s, err := web.New(web.Options{Dir: dir, Limits: lim, Who: "测试"})
	require.NoError(tb, err)
	ln, err := s.Listen("127.0.0.1:0")
	require.NoError(tb, err)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx, ln) }()
	tb.Cleanup(func() {
		cancel()
		assert.NoError(tb, <-done)
	})
	host := ln.Addr().String()
	return served{url: "http://" + host, host: host, dir: dir}
}

func mustRead(tb testing.TB, path string) []byte {
	tb.Helper()
	b, err := os.ReadFile(path)
	require.NoError(tb, err)
	return b
}

// do sends a request with the Host and headers given and returns the
// status and body.
func (s served) do(tb testing.TB, method, path, host string, body []byte, header map[string]string) (int, string) {
	tb.Helper()
	req, err := http.NewRequest(method, s.url+path, bytes.NewReader(body))
	require.NoError(tb, err)
	req.Host = host
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(tb, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(tb, err)
	return resp.StatusCode, string(b)
}

var tokenRe = regexp.MustCompile(`<meta name="nianbao-token" content="([0-9a-f]+)">`)

// token reads the run's token from the page, as the script does.
func (s served) token(tb testing.TB) string {
	tb.Helper()
	code, page := s.do(tb, "GET", "/", s.host, nil, nil)
	require.Equal(tb, http.StatusOK, code)
	m := tokenRe.FindStringSubmatch(page)
	require.NotNil(tb, m, page)
	return m[1]
}

// TestServer_Host: only the address served, and localhost with its port,
// get an answer; any other Host header (a rebound DNS name) gets 403.
func TestServer_Host(t *testing.T) {
	s := mustServe(t, "", extract.Limits{})
	_, port, _ := strings.Cut(s.host, ":")
	for host, want := range map[string]int{
		s.host:                       http.StatusOK,
		"localhost:" + port:          http.StatusOK,
		"evil.example:" + port:       http.StatusForbidden,
		"127.0.0.1":                  http.StatusForbidden,
		"localhost:1" + port:         http.StatusForbidden,
		"attacker.localhost:" + port: http.StatusForbidden,
	} {
		for _, path := range []string{"/", "/api/reports", "/app.js"} {
			code, body := s.do(t, "GET", path, host, nil, nil)
			assert.Equal(t, want, code, "%s %s: %s", host, path, body)
		}
	}
	code, body := s.do(t, "GET", "/", "evil.example:"+port, nil, nil)
	assert.Equal(t, http.StatusForbidden, code)
	assert.Contains(t, body, "不是本服务监听的地址")
	assert.NotContains(t, body, "nianbao-token", "the token is never given to a foreign host")
}

// TestServer_Token: a POST without the page's token, or with another, is
// refused before it is read.
func TestServer_Token(t *testing.T) {
	s := mustServe(t, "", extract.Limits{})
	tok := s.token(t)
	body := []byte(`{"id":"file:seed.txt","fingerprint":"x","action":"keep"}`)
	for name, h := range map[string]map[string]string{
		"none":  nil,
		"wrong": {web.TokenHeader: strings.Repeat("0", len(tok))},
		"query": nil,
	} {
		path := "/api/decide"
		if name == "query" {
			path += "?token=" + tok
		}
		code, msg := s.do(t, "POST", path, s.host, body, h)
		assert.Equal(t, http.StatusForbidden, code, name)
		assert.Contains(t, msg, "令牌", name)
	}
	code, _ := s.do(t, "POST", "/api/upload?name=a.txt", s.host, []byte("x"), nil)
	assert.Equal(t, http.StatusForbidden, code, "uploads need it too")
	code, msg := s.do(t, "POST", "/api/decide", s.host, body, map[string]string{web.TokenHeader: tok})
	assert.Equal(t, http.StatusNotFound, code, "with the token the request is read: %s", msg)
	assert.Contains(t, msg, "没有问题 x")
}

// TestServer_Outside: nothing outside the folder is read: "..", absolute
// paths, and symlinks whose target is outside are refused and not listed;
// a symlink within the folder is read.
func TestServer_Outside(t *testing.T) {
	dir, outside := t.TempDir(), t.TempDir()
	seed := fixtures.Read(t, seedName)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "seed.txt"), seed, 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(outside, "secret.txt"), seed, 0o644))
	require.NoError(t, os.Mkdir(filepath.Join(dir, "sub"), 0o755))
	require.NoError(t, os.Symlink(filepath.Join(outside, "secret.txt"), filepath.Join(dir, "link.txt")))
	require.NoError(t, os.Symlink(outside, filepath.Join(dir, "sub", "out")))
	require.NoError(t, os.Symlink(filepath.Join(dir, "seed.txt"), filepath.Join(dir, "sub", "inside.txt")))
	s := mustServe(t, dir, extract.Limits{})

	rel, err := filepath.Rel(dir, filepath.Join(outside, "secret.txt"))
	require.NoError(t, err)
	for _, id := range []string{
		"file:" + filepath.ToSlash(rel),
		"file:../secret.txt",
		"file:sub/../../secret.txt",
		"file:" + filepath.Join(outside, "secret.txt"),
		"file:/etc/passwd",
		"file:link.txt",
		"file:sub/out/secret.txt",
		`file:sub\..\..\secret.txt`,
	} {
		for _, path := range []string{"/api/report?id=", "/download/fixed?id=", "/download/review?id="} {
			code, body := s.do(t, "GET", path+urlEscape(id), s.host, nil, nil)
			assert.Equal(t, http.StatusForbidden, code, "%s%s: %s", path, id, body)
			assert.Contains(t, body, "不在所服务的文件夹内")
		}
	}
	code, body := s.do(t, "GET", "/api/reports", s.host, nil, nil)
	require.Equal(t, http.StatusOK, code)
	assert.JSONEq(t, `[{"id":"file:seed.txt","name":"seed.txt"}]`, body, "links are not listed")
	code, body = s.do(t, "GET", "/api/report?id=file:sub/inside.txt", s.host, nil, nil)
	assert.Equal(t, http.StatusOK, code, "a link inside the folder is read: %s", body)
	code, _ = s.do(t, "GET", "/api/report?id=file:missing.txt", s.host, nil, nil)
	assert.Equal(t, http.StatusNotFound, code)
}

func urlEscape(s string) string {
	return strings.NewReplacer("%", "%25", "&", "%26", "+", "%2B", "#", "%23", "?", "%3F", " ", "%20", `\`, "%5C").Replace(s)
}

// TestServer_Upload: an upload of --max-bytes is checked; one byte more
// is refused with 413, as is a folder's report over the limit.
func TestServer_Upload(t *testing.T) {
	seed := fixtures.Read(t, seedName)
	s := mustServe(t, "", extract.Limits{MaxBytes: int64(len(seed))})
	h := map[string]string{web.TokenHeader: s.token(t)}

	code, body := s.do(t, "POST", "/api/upload?name=../../a.txt", s.host, seed, h)
	require.Equal(t, http.StatusOK, code, body)
	var up struct{ ID, Name string }
	require.NoError(t, json.Unmarshal([]byte(body), &up))
	assert.Equal(t, "a.txt", up.Name, "only the file name is kept")
	code, body = s.do(t, "GET", "/api/report?id="+up.ID, s.host, nil, nil)
	require.Equal(t, http.StatusOK, code, body)
	assert.Contains(t, body, `"rule":"NM101"`)

	code, body = s.do(t, "POST", "/api/upload?name=b.txt", s.host, append(seed, '\n'), h)
	assert.Equal(t, http.StatusRequestEntityTooLarge, code)
	assert.Contains(t, body, "--max-bytes")

	require.NoError(t, os.WriteFile(filepath.Join(s.dir, "big.txt"), append(seed, '\n'), 0o644))
	code, body = s.do(t, "GET", "/api/report?id=file:big.txt", s.host, nil, nil)
	assert.Equal(t, http.StatusUnprocessableEntity, code)
	assert.Contains(t, body, "big.txt")
}

// TestServer_Headers: every answer, refusals too, carries the policy
// that allows no inline script.
func TestServer_Headers(t *testing.T) {
	s := mustServe(t, "", extract.Limits{})
	for _, path := range []string{"/", "/app.js", "/api/reports", "/nowhere"} {
		req, err := http.NewRequest("GET", s.url+path, nil)
		require.NoError(t, err)
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		assert.True(t, strings.HasPrefix(resp.Header.Get("Content-Security-Policy"), "default-src 'self'"), path)
		assert.Equal(t, "nosniff", resp.Header.Get("X-Content-Type-Options"), path)
	}
	page := mustRead(t, "assets/index.html")
	assert.NotRegexp(t, `<script>|<script [^>]*>[^<]|\son[a-z]+=`, string(page), "no inline script or handler")
}

// TestServer_DOCX: with the safe fixes accepted, the seed's Word file
// downloads corrected (溜川→淄川 in document.xml, nothing else) and
// annotated (a comment per finding, the accepted fixes as tracked
// changes, the ST107 label only a comment).
func TestServer_DOCX(t *testing.T) {
	dir := t.TempDir()
	src := fixtures.Read(t, "report.docx")
	require.NoError(t, os.WriteFile(filepath.Join(dir, "report.docx"), src, 0o644))
	s := mustServe(t, dir, extract.Limits{})
	code, body := s.do(t, "POST", "/api/accept-safe", s.host, []byte(`{"id":"file:report.docx"}`), map[string]string{web.TokenHeader: s.token(t)})
	require.Equal(t, http.StatusOK, code, body)
	assert.JSONEq(t, `{"accepted":5}`, body)

	code, fixed := s.do(t, "GET", "/download/fixed?id=file:report.docx", s.host, nil, nil)
	require.Equal(t, http.StatusOK, code, fixed)
	before, after := fixtures.ZipParts(t, src), fixtures.ZipParts(t, []byte(fixed))
	assert.Equal(t, strings.ReplaceAll(before["word/document.xml"], "溜川", "淄川"), after["word/document.xml"])

	code, annotated := s.do(t, "GET", "/download/annotated?id=file:report.docx", s.host, nil, nil)
	require.Equal(t, http.StatusOK, code, annotated)
	doc := fixtures.ZipParts(t, []byte(annotated))["word/document.xml"]
	assert.Equal(t, 5, strings.Count(doc, "<w:ins "), "the five accepted fixes")
	assert.Contains(t, doc, "其他法律法规禁止公开", "the label left as printed")
	assert.NotEmpty(t, fixtures.ZipParts(t, []byte(annotated))["word/comments.xml"])

	code, _ = s.do(t, "GET", "/download/annotated?id=file:missing.docx", s.host, nil, nil)
	assert.Equal(t, http.StatusNotFound, code)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "seed.txt"), fixtures.Read(t, seedName), 0o644))
	code, body = s.do(t, "GET", "/download/annotated?id=file:seed.txt", s.host, nil, nil)
	assert.Equal(t, http.StatusConflict, code)
	assert.Contains(t, body, "只能为 DOCX 写批注")
}

// browser starts headless Chromium for one test. Without Chromium the
// test fails on CI and is skipped elsewhere.
func browser(t *testing.T) context.Context {
	t.Helper()
	path, err := exec.LookPath("chromium")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("chromium not found: the browser tests need Debian's chromium package (./test.sh installs it)")
		}
		t.Skip("chromium not found (apt-get install chromium); browser tests skipped")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(path), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU)
	actx, acancel := chromedp.NewExecAllocator(ctx, opts...)
	t.Cleanup(acancel)
	bctx, bcancel := chromedp.NewContext(actx)
	t.Cleanup(bcancel)
	return bctx
}

// artifacts is where screenshots go: $NIANBAO_ARTIFACTS, else the test's
// temporary folder.
func artifacts(t *testing.T) string {
	if d := os.Getenv("NIANBAO_ARTIFACTS"); d != "" {
		require.NoError(t, os.MkdirAll(d, 0o755))
		return d
	}
	return t.TempDir()
}

func run[T any](t *testing.T, ctx context.Context, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, a)
	require.NoError(t, err)
	return v
}

// poll waits until the script expression is true.
func poll(t *testing.T, ctx context.Context, expr string) {
	t.Helper()
	_, err := chromedp.Run(ctx, chromedp.Poll[chromedp.Void](expr, chromedp.WithPollingTimeout(20*time.Second)))
	require.NoError(t, err, "waiting for %s", expr)
}

// openSeed opens the page and the seed report in it.
func openSeed(t *testing.T, ctx context.Context, s served, query string) {
	t.Helper()
	run(t, ctx, chromedp.Navigate(s.url+"/"+query))
	poll(t, ctx, `document.body.dataset.ready === "true"`)
	if query == "" {
		run(t, ctx, chromedp.Click(chromedp.CSS(`#reports button[data-id="file:seed.txt"]`)))
	}
	poll(t, ctx, `document.querySelectorAll("#findings li[data-rule]").length > 0`)
}

// TestBrowser_Review: the seed opened in Chromium shows its five 溜川
// marked, the truncated table and the ST107 label flagged; accepting the
// safe fixes gives a corrected file that differs by 溜川→淄川 alone;
// dismissing ST107 with a reason removes it after a reload and writes the
// review file check reads.
func TestBrowser_Review(t *testing.T) {
	ctx := browser(t)
	s := mustServe(t, "", extract.Limits{})
	openSeed(t, ctx, s, "")

	type mark struct{ Text, Rule, Severity string }
	marks := run(t, ctx, chromedp.Evaluate[[]mark](`[...document.querySelectorAll("#text mark")].map(m => ({Text: m.textContent, Rule: m.dataset.rule, Severity: m.dataset.severity}))`))
	var on []string
	for _, m := range marks {
		if strings.Contains(m.Text, "溜川") {
			on = append(on, m.Text)
			assert.Equal(t, mark{m.Text, "NM101", "error"}, m)
		}
	}
	// NM101 marks the word it flags: 溜川 three times, 溜川区 twice.
	assert.Equal(t, []string{"溜川", "溜川区", "溜川区", "溜川", "溜川"}, on, "five marks on 溜川")
	assert.Contains(t, marks, mark{"2. 其他法律法规禁止公开", "ST107", "warning"})
	assert.Contains(t, marks, mark{"<政府信息公开信息处理费管理办法>", "TX104", "warning"}, "markup-like text shows as text")

	flagged := run(t, ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("#tables .flag")].map(c => c.dataset.rule + ":" + c.textContent)`))
	assert.Contains(t, flagged, "ST107:2.其他法律行政法规禁止公开", "the label flagged in the template's wording")
	headings := run(t, ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("#tables h4")].map(h => h.textContent)`))
	assert.Len(t, headings, 3)
	spans := run(t, ctx, chromedp.Evaluate[[]int](`[...document.querySelectorAll("#tables table")].map(t => [...t.querySelectorAll("td, th")].filter(c => c.rowSpan > 1 || c.colSpan > 1).length)`))
	require.Len(t, spans, 3, "the three tables drawn")
	for i, n := range spans {
		assert.NotZero(t, n, "table %d keeps the template's merged cells", i+1)
	}
	doc := run(t, ctx, chromedp.Evaluate[string](`document.querySelector('#findings li[data-rule="NM101"] .doc').textContent`))
	assert.NotEmpty(t, doc, "the rule's explanation")

	// Filters: only the notes, then everything again.
	filter := func(sev string) int {
		return run(t, ctx, chromedp.Evaluate[int](`(() => { const s = document.getElementById("filter-severity"); s.value = "`+sev+`"; s.dispatchEvent(new Event("change")); return [...document.querySelectorAll("#findings li[data-rule]")].filter(li => !li.hidden).length })()`))
	}
	assert.Equal(t, 3, filter("info"), "TX102, TX111, TX115")
	hiddenNM := run(t, ctx, chromedp.Evaluate[bool](`[...document.querySelectorAll('#text mark[data-rule="NM101"]')].every(m => m.classList.contains("off"))`))
	assert.True(t, hiddenNM, "marks of hidden findings are unmarked")
	total := filter("")

	shot := run(t, ctx, chromedp.FullScreenshot(100))
	require.NoError(t, os.WriteFile(filepath.Join(artifacts(t), "serve-seed.png"), shot, 0o644))

	// Accept the safe fixes: the five NM101; ST107's is not safe.
	run(t, ctx, chromedp.Click(chromedp.CSS("#accept-safe")))
	poll(t, ctx, `document.querySelectorAll("#findings li.accepted").length === 5`)
	accepted := run(t, ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("#findings li.accepted")].map(li => li.dataset.rule)`))
	assert.Equal(t, []string{"NM101", "NM101", "NM101", "NM101", "NM101"}, accepted)
	// Keep one as it is, then accept its fix again with its own button.
	run(t, ctx, chromedp.Click(chromedp.CSS(`#findings li[data-rule="NM101"] button.keep`)))
	poll(t, ctx, `document.querySelectorAll("#findings li.accepted").length === 4`)
	run(t, ctx, chromedp.Click(chromedp.CSS(`#findings li[data-rule="NM101"]:not(.accepted) button.accept`)))
	poll(t, ctx, `document.querySelectorAll("#findings li.accepted").length === 5`)
	href := run(t, ctx, chromedp.Evaluate[string](`document.getElementById("dl-fixed").getAttribute("href")`))
	code, fixed := s.do(t, "GET", href, s.host, nil, nil)
	require.Equal(t, http.StatusOK, code, fixed)
	seed := fixtures.Read(t, seedName)
	assert.Equal(t, string(bytes.ReplaceAll(seed, []byte("溜川"), []byte("淄川"))), fixed, "溜川→淄川 and nothing else")

	// Dismiss ST107 with a reason.
	const reason = "本省格式允许此写法"
	run(t, ctx, chromedp.SendKeys(chromedp.CSS(`#findings li[data-rule="ST107"] input.reason`), reason))
	run(t, ctx, chromedp.Click(chromedp.CSS(`#findings li[data-rule="ST107"] button.dismiss`)))
	poll(t, ctx, `!document.querySelector('#findings li[data-rule="ST107"]')`)
	openSeed(t, ctx, s, "?id=file:seed.txt")
	left := run(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll("#findings li[data-rule]").length`))
	assert.Equal(t, total-1, left)
	gone := run(t, ctx, chromedp.Evaluate[bool](`!document.querySelector('#findings li[data-rule="ST107"]') && !document.querySelector('mark[data-rule~="ST107"]')`))
	assert.True(t, gone, "dismissed: neither listed nor marked after a reload")
	ignored := run(t, ctx, chromedp.Text(chromedp.CSS("#ignored")))
	assert.Contains(t, ignored, "1")

	file, err := review.Load(filepath.Join(s.dir, "seed.txt"+review.Suffix))
	require.NoError(t, err)
	require.Len(t, file.Entries, 1)
	e := file.Entries[0]
	assert.Equal(t, "ST107", e.Rule)
	assert.Equal(t, review.Dismissed, e.Status)
	assert.Equal(t, reason, e.Reason)
	assert.Equal(t, "测试", e.Who)

	// check reads the same file: ST107 no longer counts.
	res := corpus.CheckFile(context.Background(), filepath.Join(s.dir, "seed.txt"), corpus.Options{})
	require.NoError(t, res.Err)
	side, err := review.LoadBeside(filepath.Join(s.dir, "seed.txt"))
	require.NoError(t, err)
	export.ApplyReview(&res, side)
	require.Len(t, res.Ignored, 1)
	assert.Equal(t, "ST107", res.Ignored[0].Rule.ID)

	code, body := s.do(t, "GET", "/download/review?id=file:seed.txt", s.host, nil, nil)
	require.Equal(t, http.StatusOK, code)
	assert.Equal(t, string(mustRead(t, filepath.Join(s.dir, "seed.txt"+review.Suffix))), body)
	code, body = s.do(t, "GET", "/download/xlsx?id=file:seed.txt", s.host, nil, nil)
	require.Equal(t, http.StatusOK, code)
	assert.True(t, strings.HasPrefix(body, "PK"), "a workbook")
}

// TestBrowser_Script: a report uploaded with a script in its text shows
// the script as text and runs none of it.
func TestBrowser_Script(t *testing.T) {
	ctx := browser(t)
	s := mustServe(t, "", extract.Limits{})
	const evil = `<script>window.pwned=1;document.title="pwned"</script><img src=x onerror="window.pwned=2">`
	lines := strings.SplitN(string(fixtures.Read(t, seedName)), "\n", 6)
	lines[4] += "\n" + evil
	path := filepath.Join(t.TempDir(), "evil.txt")
	require.NoError(t, os.WriteFile(path, []byte(strings.Join(lines, "\n")), 0o644))

	run(t, ctx, chromedp.Navigate(s.url+"/"))
	poll(t, ctx, `document.body.dataset.ready === "true"`)
	title := run(t, ctx, chromedp.Title())
	run(t, ctx, chromedp.SetUploadFiles(chromedp.CSS("#upload"), []string{path}))
	poll(t, ctx, `document.getElementById("name").textContent === "evil.txt"`)
	poll(t, ctx, `document.querySelectorAll("#findings li[data-rule]").length > 0`)
	time.Sleep(200 * time.Millisecond) // an onerror would fire by now

	pwned := run(t, ctx, chromedp.Evaluate[bool](`window.pwned !== undefined`))
	assert.False(t, pwned, "no script ran")
	assert.Equal(t, title, run(t, ctx, chromedp.Title()))
	text := run(t, ctx, chromedp.Evaluate[string](`document.getElementById("text").textContent`))
	assert.Contains(t, text, evil, "shown literally")
	n := run(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll("#text script, #text img, script:not([src])").length`))
	assert.Zero(t, n, "no element made from the report")
	shot := run(t, ctx, chromedp.FullScreenshot(100))
	require.NoError(t, os.WriteFile(filepath.Join(artifacts(t), "serve-script.png"), shot, 0o644))
}
