package web

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/validate"
	"github.com/nianbao/nianbao/validate/review"
)

//go:embed assets
var assets embed.FS

// TokenHeader is the header every POST carries the run's token in.
const TokenHeader = "X-Nianbao-Token"

// CSP is the Content-Security-Policy of every response: scripts and
// styles come from the server's own files only, so a report's text can
// never run as script even if it reached the page as markup.
const CSP = "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"

// keptUploads is how many uploaded reports the server holds in memory;
// older ones are forgotten.
const keptUploads = 16

// ErrEveryInterface refuses an address that stands for every interface.
var ErrEveryInterface = errors.New("an address for every interface cannot be checked against the Host header; give one, such as 127.0.0.1:8080")

// Options configure a Server.
type Options struct {
	Dir      string           // the folder served; nothing outside it is read
	Lang     string           // "en" for English, else Chinese
	Limits   extract.Limits   // per report; MaxBytes also bounds uploads
	Validate validate.Options // the rules and their settings
	Who      string           // who review decisions are recorded as
	// ReadBytes reads a report, as corpus.Options.ReadBytes: a worker
	// pool's, so that a hostile upload costs its reader, not the server;
	// nil reads here.
	ReadBytes func(ctx context.Context, name string, src []byte, lim extract.Limits) (*extract.Document, error)
}

// Server is the review page of one folder.
type Server struct {
	opts  Options
	root  string // Dir, absolute, symlinks resolved
	token string
	index *template.Template

	mu       sync.Mutex
	hosts    map[string]bool           // Host headers accepted
	uploads  map[string]*upload        // by id
	order    []string                  // upload ids, oldest first
	accepted map[string]map[string]int // report id → fingerprint → fix accepted
}

// upload is a report sent through the page; its review decisions stay
// with it in memory and are downloaded as its review file.
type upload struct {
	name   string
	src    []byte
	review *review.File
}

// New makes the server of opts.Dir, which must be a folder.
func New(opts Options) (*Server, error) {
	opts.Limits = opts.Limits.OrDefault()
	abs, err := filepath.Abs(opts.Dir)
	if err == nil {
		abs, err = filepath.EvalSymlinks(abs)
	}
	if err != nil {
		return nil, fmt.Errorf("serve: %s: %w", opts.Dir, err)
	}
	if st, err := os.Stat(abs); err != nil || !st.IsDir() {
		return nil, fmt.Errorf("serve: %s: not a folder", opts.Dir)
	}
	tok := make([]byte, 32)
	if _, err := rand.Read(tok); err != nil {
		return nil, fmt.Errorf("serve: token: %w", err)
	}
	index, err := template.ParseFS(assets, "assets/index.html")
	if err != nil {
		return nil, fmt.Errorf("serve: %w", err)
	}
	return &Server{opts: opts, root: abs, token: hex.EncodeToString(tok), index: index,
		hosts: map[string]bool{}, uploads: map[string]*upload{}, accepted: map[string]map[string]int{}}, nil
}

// Listen listens on addr and accepts, from then on, requests for that
// address only: the host and port listened on, and localhost with that
// port when it is a loopback address. An address that stands for every
// interface (0.0.0.0, ::) is refused, as no Host could be checked
// against it.
func (s *Server) Listen(addr string) (net.Listener, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("serve: --addr %q: %w", addr, err)
	}
	if ip := net.ParseIP(host); host == "" || ip != nil && ip.IsUnspecified() {
		return nil, fmt.Errorf("serve: %s: %w", addr, ErrEveryInterface)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("serve: %w", err)
	}
	tcp, ok := ln.Addr().(*net.TCPAddr)
	if !ok {
		ln.Close()
		return nil, fmt.Errorf("serve: %s: not a TCP address", addr)
	}
	port := strconv.Itoa(tcp.Port)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.hosts[net.JoinHostPort(host, port)] = true
	s.hosts[ln.Addr().String()] = true
	if ip := net.ParseIP(host); host == "localhost" || ip != nil && ip.IsLoopback() {
		s.hosts["localhost:"+port] = true
	}
	return ln, nil
}

// Serve answers requests on ln until ctx is done, then shuts down.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 10 * time.Second,
		BaseContext: func(net.Listener) context.Context { return ctx }}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		return srv.Shutdown(sctx)
	}
}

// Handler is the page and its API behind the Host and token checks.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", s.page)
	static, _ := fs.Sub(assets, "assets")
	mux.Handle("GET /app.js", http.FileServerFS(static))
	mux.Handle("GET /app.css", http.FileServerFS(static))
	mux.HandleFunc("GET /api/ui", s.ui)
	mux.HandleFunc("GET /api/reports", s.list)
	mux.HandleFunc("GET /api/report", s.report)
	mux.HandleFunc("POST /api/upload", s.upload)
	mux.HandleFunc("POST /api/decide", s.decide)
	mux.HandleFunc("POST /api/accept-safe", s.acceptSafe)
	mux.HandleFunc("GET /download/{kind}", s.download)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", CSP)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cache-Control", "no-store")
		s.mu.Lock()
		known := s.hosts[r.Host]
		s.mu.Unlock()
		if !known {
			s.fail(w, &apiError{http.StatusForbidden, s.t("拒绝请求：主机名 %q 不是本服务监听的地址", "refused: host %q is not the address served"), []any{r.Host}})
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead &&
			subtle.ConstantTimeCompare([]byte(r.Header.Get(TokenHeader)), []byte(s.token)) != 1 {
			s.fail(w, &apiError{http.StatusForbidden, s.t("拒绝请求：缺少本页面的令牌（请从本页面操作）", "refused: the page's token is missing (use the page)"), nil})
			return
		}
		mux.ServeHTTP(w, r)
	})
}

// t picks the Chinese or English text of a message for people.
func (s *Server) t(zh, en string) string {
	if s.opts.Lang == "en" {
		return en
	}
	return zh
}

// apiError is a request that failed: its status and the message, a
// format in the page's language with its arguments.
type apiError struct {
	code   int
	format string
	args   []any
}

func (e *apiError) Error() string { return fmt.Sprintf(e.format, e.args...) }

func (s *Server) fail(w http.ResponseWriter, err error) {
	var ae *apiError
	if !errors.As(err, &ae) {
		ae = &apiError{http.StatusUnprocessableEntity, "%v", []any{err}}
	}
	writeJSON(w, ae.code, map[string]string{"error": ae.Error()})
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(code)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	_ = enc.Encode(v) // the client went away: nothing to tell
}

func (s *Server) page(w http.ResponseWriter, r *http.Request) {
	lang := "zh-CN"
	if s.opts.Lang == "en" {
		lang = "en"
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_ = s.index.Execute(w, map[string]any{"Lang": lang, "Token": s.token, "T": uiStrings(s.opts.Lang)})
}

func (s *Server) ui(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, uiStrings(s.opts.Lang))
}

// resolve turns a path relative to the folder, as the page names a
// report, into the path to read, refusing any that leads outside the
// folder: "..", absolute paths, and symlinks whose target is outside.
func (s *Server) resolve(rel string) (string, error) {
	outside := &apiError{http.StatusForbidden, s.t("拒绝读取 %q：不在所服务的文件夹内", "refused to read %q: not inside the folder served"), []any{rel}}
	if rel == "" || strings.ContainsAny(rel, "\x00\\") || strings.HasPrefix(rel, "/") || filepath.IsAbs(rel) || filepath.VolumeName(rel) != "" {
		return "", outside
	}
	for _, part := range strings.Split(rel, "/") {
		if part == ".." {
			return "", outside
		}
	}
	p := filepath.Join(s.root, filepath.FromSlash(rel))
	real, err := filepath.EvalSymlinks(p)
	if err != nil {
		return "", &apiError{http.StatusNotFound, s.t("找不到报告 %q", "no report %q"), []any{rel}}
	}
	if in, err := filepath.Rel(s.root, real); err != nil || in == ".." || strings.HasPrefix(in, ".."+string(filepath.Separator)) {
		return "", outside
	}
	if st, err := os.Stat(real); err != nil || !st.Mode().IsRegular() {
		return "", &apiError{http.StatusNotFound, s.t("找不到报告 %q", "no report %q"), []any{rel}}
	}
	return p, nil
}

func (s *Server) upload(w http.ResponseWriter, r *http.Request) {
	max := s.opts.Limits.MaxBytes
	tooLarge := &apiError{http.StatusRequestEntityTooLarge, s.t("上传的文件超过 %d 字节（见 --max-bytes）", "the upload is larger than %d bytes (see --max-bytes)"), []any{max}}
	if r.ContentLength > max {
		s.fail(w, tooLarge)
		return
	}
	src, err := io.ReadAll(io.LimitReader(r.Body, max+1))
	if err != nil {
		s.fail(w, &apiError{http.StatusBadRequest, s.t("读取上传的文件失败：%v", "reading the upload failed: %v"), []any{err}})
		return
	}
	if int64(len(src)) > max {
		s.fail(w, tooLarge)
		return
	}
	name := filepath.Base(strings.ReplaceAll(r.URL.Query().Get("name"), `\`, "/"))
	if name == "." || name == "/" || name == "" {
		name = "upload"
	}
	id := make([]byte, 8)
	if _, err := rand.Read(id); err != nil {
		s.fail(w, err)
		return
	}
	key := "upload:" + hex.EncodeToString(id)
	s.mu.Lock()
	s.uploads[key] = &upload{name: name, src: src, review: &review.File{Version: review.Version, Beside: true}}
	s.order = append(s.order, key)
	if len(s.order) > keptUploads {
		delete(s.uploads, s.order[0])
		delete(s.accepted, s.order[0])
		s.order = s.order[1:]
	}
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]string{"id": key, "name": name})
}

// list gives the reports of the folder, as check would find them.
func (s *Server) list(w http.ResponseWriter, r *http.Request) {
	type item struct {
		ID   string `json:"id"`
		Name string `json:"name"`
	}
	items := []item{}
	for _, rel := range s.reports() {
		items = append(items, item{"file:" + rel, rel})
	}
	writeJSON(w, http.StatusOK, items)
}

// decisionNow is when a decision taken on the page is recorded.
func decisionNow() string { return time.Now().UTC().Truncate(time.Second).Format(time.RFC3339) }
