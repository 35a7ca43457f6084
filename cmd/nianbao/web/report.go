package web

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/nianbao/nianbao/corpus"
	"github.com/nianbao/nianbao/export"
	"github.com/nianbao/nianbao/export/sheets"
	"github.com/nianbao/nianbao/normalize"
	"github.com/nianbao/nianbao/validate"
	"github.com/nianbao/nianbao/validate/review"
)

// opened is a report read and checked for a request, with its review
// applied: dismissed findings are in res.Ignored, the others in
// res.Findings with their decisions in res.Review.
type opened struct {
	id      string
	name    string // the file name shown and downloaded under
	src     []byte
	sidecar string       // the review file on disk; "" for an upload
	review  *review.File // the decisions
	res     export.Result
}

// reports lists the folder's reports, relative to it with forward
// slashes, as check finds them in a folder (corpus.Expand): the walk does
// not follow symlinks, and resolve checks each again.
func (s *Server) reports() []string {
	paths, _ := corpus.Expand([]string{s.root})
	var out []string
	for _, p := range paths {
		rel, err := filepath.Rel(s.root, p)
		if err != nil {
			continue
		}
		rel = filepath.ToSlash(rel)
		if _, err := s.resolve(rel); err == nil {
			out = append(out, rel)
		}
	}
	return out
}

// open reads and checks the report id names: "file:" and a path in the
// folder, or "upload:" and an upload's id.
func (s *Server) open(ctx context.Context, id string) (*opened, error) {
	o := &opened{id: id}
	if rel, ok := strings.CutPrefix(id, "file:"); ok {
		p, err := s.resolve(rel)
		if err != nil {
			return nil, err
		}
		if o.src, err = readLimited(p, s.opts.Limits.MaxBytes); err != nil {
			return nil, &apiError{http.StatusUnprocessableEntity, s.t("无法读取 %s：%v", "cannot read %s: %v"), []any{rel, err}}
		}
		if o.review, err = review.LoadBeside(p); err != nil {
			return nil, &apiError{http.StatusUnprocessableEntity, s.t("审核记录无法读取：%v", "the review file cannot be read: %v"), []any{err}}
		}
		o.name, o.sidecar = rel, review.Beside(p)
	} else {
		s.mu.Lock()
		u := s.uploads[id]
		s.mu.Unlock()
		if u == nil {
			return nil, &apiError{http.StatusNotFound, s.t("没有这份上传的报告（服务已重启或上传过多，请重新上传）", "no such uploaded report (the server restarted or has dropped it; upload it again)"), nil}
		}
		o.name, o.src, o.review = u.name, u.src, u.review
	}
	o.res = corpus.CheckBytes(ctx, o.name, o.src, corpus.Options{Limits: s.opts.Limits, Validate: s.opts.Validate, ReadBytes: s.opts.ReadBytes})
	if o.res.Report == nil {
		return nil, &apiError{http.StatusUnprocessableEntity, s.t("%s 无法处理：%v", "%s cannot be processed: %v"), []any{o.name, o.res.Err}}
	}
	export.ApplyReview(&o.res, o.review)
	return o, nil
}

// readLimited reads a whole file of at most max bytes.
func readLimited(path string, max int64) ([]byte, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if st.Size() > max {
		return nil, fmt.Errorf("more than %d bytes (see --max-bytes)", max)
	}
	return os.ReadFile(path)
}

// acceptedOf returns the fixes accepted on report id, by fingerprint.
func (s *Server) acceptedOf(id string) map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return maps.Clone(s.accepted[id])
}

// The JSON the page is drawn from. Text reaches the page only as JSON
// strings, which the script sets with textContent.
type (
	view struct {
		ID          string              `json:"id"`
		Name        string              `json:"name"`
		Format      string              `json:"format"`
		Editable    bool                `json:"editable"`    // the corrected file can be made
		Annotatable bool                `json:"annotatable"` // a DOCX
		Segments    []segment           `json:"segments"`
		Findings    []findingView       `json:"findings"`
		Ignored     int                 `json:"ignored"` // findings dismissed in the review file
		Tables      []tableView         `json:"tables"`
		Rules       map[string]ruleView `json:"rules"`
		Problem     string              `json:"problem,omitempty"` // a rule broke; its findings are missing
	}
	// segment is a run of the text; F lists the findings that cover it.
	segment struct {
		T string `json:"t"`
		F []int  `json:"f,omitempty"`
	}
	findingView struct {
		Fingerprint string    `json:"fingerprint"`
		Rule        string    `json:"rule"`
		Severity    string    `json:"severity"` // error, warning or info
		Message     string    `json:"message"`
		Line        int       `json:"line"`
		Column      int       `json:"column"`
		Label       string    `json:"label,omitempty"`
		Fixes       []fixView `json:"fixes"`
		Accepted    int       `json:"accepted"` // the fix accepted, -1 for none
		Status      string    `json:"status"`   // the review status
	}
	fixView struct {
		Message string `json:"message"`
		Safe    bool   `json:"safe"`
	}
	ruleView struct {
		Title string `json:"title"`
		Doc   string `json:"doc"`
	}
	tableView struct {
		Heading string    `json:"heading"`
		Boxes   []boxView `json:"boxes"`
	}
	boxView struct {
		R     int    `json:"r"`    // first row, 0-based
		C     int    `json:"c"`    // first column, 0-based
		RS    int    `json:"rs"`   // rows spanned
		CS    int    `json:"cs"`   // columns spanned
		Kind  string `json:"kind"` // header, label, value or void
		Text  string `json:"text"`
		State string `json:"state,omitempty"` // a value's cell state
		F     []int  `json:"f,omitempty"`     // the findings on it
	}
)

var boxKinds = map[sheets.BoxKind]string{sheets.BoxHeader: "header", sheets.BoxLabel: "label", sheets.BoxValue: "value", sheets.BoxVoid: "void"}

func (s *Server) report(w http.ResponseWriter, r *http.Request) {
	o, err := s.open(r.Context(), r.URL.Query().Get("id"))
	if err != nil {
		s.fail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, s.viewOf(o))
}

func (s *Server) viewOf(o *opened) view {
	lang := s.opts.Lang
	rep, fs := o.res.Report, o.res.Findings
	doc := rep.Doc
	v := view{ID: o.id, Name: o.name, Format: doc.Format, Editable: doc.Origin != nil, Annotatable: doc.Format == "docx",
		Ignored: len(o.res.Ignored), Rules: map[string]ruleView{}, Findings: []findingView{}}
	if o.res.Err != nil {
		v.Problem = o.res.Err.Error()
	}
	acc := s.acceptedOf(o.id)
	for i, f := range fs {
		d := o.res.Review[i]
		fv := findingView{Fingerprint: d.Fingerprint, Rule: f.Rule.ID, Severity: f.Severity.String(), Message: f.Message.In(lang),
			Line: f.Pos.Line, Column: f.Pos.Column, Label: f.Label.In(lang), Accepted: -1, Status: string(d.Status()), Fixes: []fixView{}}
		if k, ok := acc[d.Fingerprint]; ok {
			fv.Accepted = k
		}
		for _, fx := range f.Fixes {
			fv.Fixes = append(fv.Fixes, fixView{fx.Message.In(lang), fx.Safe})
		}
		v.Findings = append(v.Findings, fv)
		v.Rules[f.Rule.ID] = ruleView{f.Rule.Title.In(lang), f.Rule.Doc.In(lang)}
	}
	v.Segments = segments(doc.Text, fs)
	byKey := map[string][]int{}
	for i, f := range fs {
		if f.Key != "" {
			byKey[f.Key] = append(byKey[f.Key], i)
		}
	}
	for _, key := range normalize.TableKeys() {
		v.Tables = append(v.Tables, tableOf(rep, key, byKey))
	}
	return v
}

// segments cuts text where a finding's span starts or ends, so that the
// page marks each run with the findings covering it; findings on no text
// (a missing section) are in the list only.
func segments(text string, fs []validate.Finding) []segment {
	cuts := []int{0, len(text)}
	for _, f := range fs {
		if f.Span.Len() > 0 && f.Span.Start >= 0 && f.Span.End <= len(text) {
			cuts = append(cuts, f.Span.Start, f.Span.End)
		}
	}
	slices.Sort(cuts)
	cuts = slices.Compact(cuts)
	var out []segment
	for i := 0; i+1 < len(cuts); i++ {
		a, b := cuts[i], cuts[i+1]
		var on []int
		for j, f := range fs {
			if f.Span.Len() > 0 && f.Span.Start <= a && b <= f.Span.End {
				on = append(on, j)
			}
		}
		if n := len(out); n > 0 && on == nil && out[n-1].F == nil {
			out[n-1].T += text[a:b]
			continue
		}
		out = append(out, segment{text[a:b], on})
	}
	return out
}

// tableOf draws table key of rep as sheets.Layout lays it out, each value
// with its cell's text and each box with the findings on its cell or, for
// a row's label, on its row.
func tableOf(rep *normalize.Report, key string, byKey map[string][]int) tableView {
	g := sheets.Layout(rep, key)
	t := tableView{Heading: g.Heading, Boxes: []boxView{}}
	for _, x := range g.Boxes {
		b := boxView{R: x.Row, C: x.Col, RS: x.EndRow - x.Row + 1, CS: x.EndCol - x.Col + 1, Kind: boxKinds[x.Kind], Text: x.Text}
		if x.Kind == sheets.BoxValue {
			b.Text, b.State = cellText(rep.Cells[x.Key])
			b.F = byKey[x.Key]
		}
		for row, p := range g.Anchors {
			if p.Row >= x.Row && p.Row <= x.EndRow && p.Col >= x.Col && p.Col <= x.EndCol {
				b.F = append(b.F, byKey[row]...)
			}
		}
		t.Boxes = append(t.Boxes, b)
	}
	slices.SortStableFunc(t.Boxes, func(a, b boxView) int { return cmp.Or(cmp.Compare(a.R, b.R), cmp.Compare(a.C, b.C)) })
	return t
}

// cellText is how a cell reads in the table: its number, its dash or
// unreadable text as written, nothing when blank or missing.
func cellText(c *normalize.Cell) (text, state string) {
	if c == nil {
		return "", string(normalize.StateMissing)
	}
	switch c.State {
	case normalize.StateNumber:
		return strconv.FormatFloat(*c.Value, 'f', -1, 64), string(c.State)
	case normalize.StateDash, normalize.StateUnreadable:
		return c.Raw, string(c.State)
	}
	return "", string(c.State)
}

// decision is what the page posts for one finding.
type decision struct {
	ID          string `json:"id"`
	Fingerprint string `json:"fingerprint"`
	Action      string `json:"action"` // accept, dismiss or keep
	Fix         int    `json:"fix"`    // the fix accepted
	Reason      string `json:"reason"` // why it is dismissed
}

// posted reads the decision a POST carries and opens its report; on
// failure it has answered the request.
func (s *Server) posted(w http.ResponseWriter, r *http.Request) (*opened, decision, bool) {
	var d decision
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20)).Decode(&d); err != nil {
		s.fail(w, &apiError{http.StatusBadRequest, s.t("请求无法读取：%v", "unreadable request: %v"), []any{err}})
		return nil, d, false
	}
	o, err := s.open(r.Context(), d.ID)
	if err != nil {
		s.fail(w, err)
		return nil, d, false
	}
	return o, d, true
}

func (s *Server) decide(w http.ResponseWriter, r *http.Request) {
	o, d, ok := s.posted(w, r)
	if !ok {
		return
	}
	i := slices.IndexFunc(o.res.Review, func(x review.Decision) bool { return x.Fingerprint == d.Fingerprint })
	if i < 0 {
		s.fail(w, &apiError{http.StatusNotFound, s.t("%s 中没有问题 %s（报告已改变？请刷新）", "%s has no finding %s (changed? reload)"), []any{o.name, d.Fingerprint}})
		return
	}
	f := o.res.Findings[i]
	switch d.Action {
	case "accept":
		if d.Fix < 0 || d.Fix >= len(f.Fixes) {
			s.fail(w, &apiError{http.StatusBadRequest, s.t("%s 没有第 %d 个修改建议", "%s has no fix %d"), []any{f.Rule.ID, d.Fix + 1}})
			return
		}
		s.setAccepted(o.id, map[string]int{d.Fingerprint: d.Fix})
	case "dismiss":
		entry := review.Entry{Fingerprint: d.Fingerprint, Rule: f.Rule.ID, Status: review.Dismissed, Reason: strings.TrimSpace(d.Reason),
			Who: s.opts.Who, When: decisionNow(), Hint: review.HintOf(o.res.Report, f)}
		if entry.Reason == "" {
			s.fail(w, &apiError{http.StatusBadRequest, s.t("标为非错误须写明理由", "a dismissed finding needs a reason"), nil})
			return
		}
		if o.review.Set(entry) && o.sidecar != "" {
			if err := o.review.Save(o.sidecar); err != nil {
				s.fail(w, &apiError{http.StatusInternalServerError, s.t("审核记录无法写入：%v", "the review file cannot be written: %v"), []any{err}})
				return
			}
		}
		s.setAccepted(o.id, map[string]int{d.Fingerprint: -1})
	case "keep":
		// The finding stands as it is: only an accepted fix is withdrawn;
		// a decision recorded elsewhere (confirmed, fixed) stays.
		s.setAccepted(o.id, map[string]int{d.Fingerprint: -1})
	default:
		s.fail(w, &apiError{http.StatusBadRequest, s.t("未知操作 %q", "unknown action %q"), []any{d.Action}})
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"action": d.Action})
}

// setAccepted records fixes accepted on report id; -1 withdraws one.
func (s *Server) setAccepted(id string, fixes map[string]int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.accepted[id]
	if m == nil {
		m = map[string]int{}
		s.accepted[id] = m
	}
	for fp, k := range fixes {
		if k < 0 {
			delete(m, fp)
		} else {
			m[fp] = k
		}
	}
}

// acceptSafe accepts every fix nianbao fix would make on its own: a
// finding's only fix, marked safe by its rule.
func (s *Server) acceptSafe(w http.ResponseWriter, r *http.Request) {
	o, _, ok := s.posted(w, r)
	if !ok {
		return
	}
	safe := map[string]int{}
	for i, f := range o.res.Findings {
		if len(f.Fixes) == 1 && f.Fixes[0].Safe {
			safe[o.res.Review[i].Fingerprint] = 0
		}
	}
	s.setAccepted(o.id, safe)
	writeJSON(w, http.StatusOK, map[string]int{"accepted": len(safe)})
}

// chosen returns the findings of o with the fixes as accepted on the
// page: an accepted finding has the fix chosen as its only, safe fix;
// every other fix is not safe. export/fix and export/annotate then make
// exactly the fixes accepted.
func (s *Server) chosen(o *opened) []validate.Finding {
	acc := s.acceptedOf(o.id)
	out := make([]validate.Finding, len(o.res.Findings))
	for i, f := range o.res.Findings {
		k, ok := acc[o.res.Review[i].Fingerprint]
		if ok && k < len(f.Fixes) {
			fx := f.Fixes[k]
			fx.Safe = true
			f.Fixes = []validate.Fix{fx}
		} else {
			f.Fixes = slices.Clone(f.Fixes)
			for j := range f.Fixes {
				f.Fixes[j].Safe = false
			}
		}
		out[i] = f
	}
	return out
}
