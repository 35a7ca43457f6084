package web

import (
	"context"
	"mime"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/nianbao/nianbao/export/annotate"
	"github.com/nianbao/nianbao/export/fix"
	"github.com/nianbao/nianbao/export/xlsx"
	"github.com/nianbao/nianbao/validate/review"
)

// download sends one of a report's files: the corrected file with the
// fixes accepted (fixed), the DOCX with the findings as comments and the
// accepted fixes as tracked changes (annotated), the workbook (xlsx) or
// the review file (review).
func (s *Server) download(w http.ResponseWriter, r *http.Request) {
	o, err := s.open(r.Context(), r.URL.Query().Get("id"))
	if err != nil {
		s.fail(w, err)
		return
	}
	base := path.Base(o.name)
	stem, ext := strings.TrimSuffix(base, path.Ext(base)), path.Ext(base)
	var body []byte
	var name string
	switch r.PathValue("kind") {
	case "fixed":
		body, err = s.fixed(r.Context(), o)
		name = stem + s.t("-改正", "-fixed") + ext
	case "annotated":
		body, err = s.annotated(r.Context(), o)
		name = stem + s.t("-批注", "-annotated") + ext
	case "xlsx":
		body, err = s.workbook(o)
		name = stem + ".xlsx"
	case "review":
		body, err = o.review.Marshal()
		name = base + review.Suffix
	default:
		s.fail(w, &apiError{http.StatusNotFound, s.t("没有这种下载：%q", "no such download: %q"), []any{r.PathValue("kind")}})
		return
	}
	if err != nil {
		s.fail(w, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/octet-stream")
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	_, _ = w.Write(body) // the client went away: nothing to tell
}

func (s *Server) fixed(ctx context.Context, o *opened) ([]byte, error) {
	doc := o.res.Report.Doc
	if doc.Origin == nil {
		return nil, &apiError{http.StatusConflict, s.t(
			"%s 是 %s 文件，其文字经排版或识别得来，无法直接修改：请在原始文档中修改",
			"%s is a %s file, whose text was laid out or recognised and cannot be edited in place: edit the source document"), []any{o.name, doc.Format}}
	}
	edits, skipped := fix.Select(doc.Text, s.chosen(o))
	if len(skipped) > 0 {
		f := skipped[0]
		return nil, &apiError{http.StatusConflict, s.t("%s：第 %d 行 %s 接受的修改与另一处接受的修改重叠，请只接受其中一个", "%s: line %d: the fix accepted on %s overlaps another one accepted; accept only one"), []any{o.name, f.Pos.Line, f.Rule.ID}}
	}
	out, err := fix.Apply(ctx, o.src, doc, edits, s.opts.Limits)
	if err != nil {
		return nil, &apiError{http.StatusConflict, s.t("%s 无法改正：%v", "%s cannot be corrected: %v"), []any{o.name, err}}
	}
	return out.Src, nil
}

func (s *Server) annotated(ctx context.Context, o *opened) ([]byte, error) {
	doc := o.res.Report.Doc
	if doc.Format != "docx" {
		return nil, &apiError{http.StatusConflict, s.t("%s 是 %s 文件：只能为 DOCX 写批注", "%s is a %s file: only a DOCX can be annotated"), []any{o.name, doc.Format}}
	}
	out, _, err := annotate.DOCX(ctx, o.src, doc, s.chosen(o), annotate.Options{Lang: s.opts.Lang, TrackChanges: true, Limit: s.opts.Limits})
	if err != nil {
		return nil, &apiError{http.StatusConflict, s.t("%s 无法写批注：%v", "%s cannot be annotated: %v"), []any{o.name, err}}
	}
	return out, nil
}

// workbook is the report's workbook as check --xlsx writes it; the
// writer writes files only, so it goes through a temporary folder.
func (s *Server) workbook(o *opened) ([]byte, error) {
	tmp, err := os.MkdirTemp("", "nianbao-serve-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	p := filepath.Join(tmp, "report.xlsx")
	w, err := xlsx.Create(p, xlsx.Options{Lang: s.opts.Lang})
	if err != nil {
		return nil, err
	}
	if err := w.Add(o.res); err != nil {
		w.Abort()
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return os.ReadFile(p)
}
