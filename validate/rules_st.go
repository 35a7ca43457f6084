package validate

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/internal/lazyre"
	"github.com/nianbao/nianbao/normalize"
)

func runSectionMissing(p *Pass) error {
	for _, s := range p.Rep.Sections {
		if !s.Missing || lost(p.Rep, s.Key) {
			continue
		}
		spec := sectionSpec(s.Key)
		p.At(insertionPoint(p.Rep, s.Key), s.Key).Report(Msg{
			fmt.Sprintf("缺少第%s部分“%s、%s”", s.Number, s.Number, spec.Heading),
			fmt.Sprintf("section %s (%s) is missing", s.Number, s.Key),
		})
	}
	return nil
}

func runHeadingMissing(p *Pass) error {
	for _, s := range p.Rep.Sections {
		if !s.HeadingMissing {
			continue
		}
		spec := sectionSpec(s.Key)
		heading := s.Number + "、" + spec.Heading
		insert := replace(Msgf("补上标题“%s”", "insert the heading %s", heading), startOf(s.Span), heading+"\n")
		p.At(s.Span, s.Key).Fix(insert).Report(Msg{
			fmt.Sprintf("第%s部分缺少标题“%s”，其内容从此处开始", s.Number, heading),
			fmt.Sprintf("section %s (%s) has content but no heading", s.Number, s.Key),
		})
	}
	return nil
}

func runSectionOrder(p *Pass) error {
	prev := 0
	var prevSec *normalize.Section
	for i := range p.Rep.Sections {
		s := &p.Rep.Sections[i]
		if s.Order == 0 {
			continue
		}
		if s.Order < prev {
			p.At(s.Span, s.Key).Related(Related{Span: prevSec.Span, Message: Msg{"此前的部分", "earlier section"}}).
				Reportf("第%s部分出现在第%s部分之前，顺序不符合格式", "section %s comes before section %s", s.Number, prevSec.Number)
		}
		if s.Order > prev {
			prev, prevSec = s.Order, s
		}
	}
	return nil
}

func runTableMissing(p *Pass) error {
	for _, key := range normalize.TableKeys() {
		t := p.Rep.Tables[key]
		if t == nil || t.Found {
			continue
		}
		spec := p.Rep.Profile(key).Table(key)
		if lost(p.Rep, spec.Section) || cutInside(p.Rep, spec.Section) {
			continue
		}
		sec := p.Rep.Section(spec.Section)
		span := insertionPoint(p.Rep, spec.Section)
		if sec != nil && !sec.Missing {
			span = sec.Span
		}
		tl := p.Rep.TableLabel(key)
		p.At(span, spec.Section).Report(Msg{fmt.Sprintf("缺少%s“%s”统计表", tl.Zh, spec.Title), fmt.Sprintf("%s is missing", tl.En)})
	}
	return nil
}

func runTableIncomplete(p *Pass) error {
	for _, key := range normalize.TableKeys() {
		t := p.Rep.Tables[key]
		if t == nil || !t.Found {
			continue
		}
		missing := t.MissingRows
		if spec := p.Rep.Profile(key).Table(key); p.Rep.StartsLate && lost(p.Rep, spec.Section) {
			// The text begins inside the table, whose section heading is
			// before the cut: the rows above the first one read are lost
			// with it, not missing from the report (a flipbook's page 9
			// opening on 四、结转下年度继续办理).
			missing = rowsAfterFirstRead(spec, t)
		}
		if len(missing) > 0 {
			first := missing[0]
			tl := p.Rep.TableLabel(key)
			var rowsZh, rowsEn []string
			for _, row := range missing {
				l := p.Rep.RowText(key, row)
				rowsZh, rowsEn = append(rowsZh, "“"+l.Zh+"”"), append(rowsEn, "“"+l.En+"”")
			}
			zh := fmt.Sprintf("%s缺少 %d 行：%s", tl.Zh, len(missing), strings.Join(rowsZh, "、"))
			en := fmt.Sprintf("%s lacks %d rows: %s", tl.En, len(missing), strings.Join(rowsEn, ", "))
			switch {
			case t.Truncated && len(missing) > 2:
				zh = fmt.Sprintf("%s被截断，缺少%s至%s共 %d 行", tl.Zh, rowsZh[0], rowsZh[len(rowsZh)-1], len(missing))
				en = fmt.Sprintf("%s is truncated: rows %s through %s (%d) are missing", tl.En, rowsEn[0], rowsEn[len(rowsEn)-1], len(missing))
			case t.Truncated && cutInside(p.Rep, sectionOf(p.Rep, key)):
				// The text stops inside the table's section (ST108): its last
				// rows were lost with the rest, not left out of the report
				// (荣昌区河包镇 2020, cut on 第二十条第(九)项).
				zh = fmt.Sprintf("%s被截断，缺少%s", tl.Zh, strings.Join(rowsZh, "、"))
				en = fmt.Sprintf("%s is truncated: %s missing", tl.En, strings.Join(rowsEn, ", "))
			}
			p.At(endOf(t.Span), sectionOf(p.Rep, key)).Key(key + "." + first).Report(Msg{zh, en})
		}
		for _, row := range slices.Sorted(maps.Keys(t.MissingCols)) {
			if t.Unfilled {
				break // ST109 says it once for the whole table
			}
			if cutAfter(p, t.Rows[row]) {
				continue // the text stops on this row's label, cut inside it (得荣县卫生健康局 2019)
			}
			cols := t.MissingCols[row]
			p.At(endOf(t.Rows[row]), sectionOf(p.Rep, key)).Key(key + "." + row + "." + cols[0]).Report(missingColumns(p.Rep, key, row, cols))
		}
	}
	return nil
}

func runTableUnfilled(p *Pass) error {
	for _, key := range normalize.TableKeys() {
		t := p.Rep.Tables[key]
		if t == nil || !t.Found || !t.Unfilled {
			continue
		}
		spec := p.Rep.Profile(key).Table(key)
		p.At(startOf(t.Span), sectionOf(p.Rep, key)).Report(Msg{
			fmt.Sprintf("“%s”统计表未填写：所有单元格均为空白，没有发生的事项应填 0", spec.Title),
			fmt.Sprintf("table %s (%s) is not filled in: every cell is blank; write 0 for what did not happen", key, spec.Title),
		})
	}
	return nil
}

// runTableDisordered says which tables normalize could not read in row
// order: their cells are all missing, so no other rule reports on them,
// and a silent table would look checked.
func runTableDisordered(p *Pass) error {
	for _, key := range normalize.TableKeys() {
		t := p.Rep.Tables[key]
		if t == nil || !t.Found || !t.Disordered {
			continue
		}
		tl := p.Rep.TableLabel(key)
		p.At(startOf(t.Span), sectionOf(p.Rep, key)).Report(Msg{
			fmt.Sprintf("%s的数字在文字中不按行排列，无法确定各属哪一行，未核对其勾稽关系和行列；请用原件或按版面转换的文字检查", tl.Zh),
			fmt.Sprintf("%s: its numbers do not follow their rows in the text, so which is whose is unknown; its sums, rows and columns were not checked; check the original or a text converted with its layout", tl.En),
		})
	}
	return nil
}

func runTemplateMismatch(p *Pass) error {
	r := p.Rep
	if r.Year == 0 {
		return nil
	}
	want := normalize.TemplateFor(r.Year)
	for _, key := range normalize.TableKeys() {
		t := r.Tables[key]
		if t == nil || !t.Found || t.Template == "" || t.Template == want {
			continue
		}
		detail := ""
		if spec := normalize.ProfileFor(t.Template).Table(key); spec != nil && spec.Hint != "" {
			detail = "（" + spec.Hint + "）"
		}
		tl := r.TableLabel(key)
		p.At(t.Span, sectionOf(r, key)).Report(Msg{
			fmt.Sprintf("%d 年度报告的%s使用了 %s 版格式%s，应使用 %s 版格式", r.Year, tl.Zh, t.Template, detail, want),
			fmt.Sprintf("%s of a %d report follows the %s template; the %s template applies", tl.En, r.Year, t.Template, want),
		})
	}
	return nil
}

func runLabelDeviates(p *Pass) error {
	for _, l := range p.Rep.Labels {
		if !l.Deviates {
			continue
		}
		// The numbering stays as printed (2. with its space).
		printed := p.Doc.Slice(l.Span)
		rest, _ := normalize.StripNumbering(printed)
		fix := replace(Msgf("改为“%s”", "change to %s", l.Canonical), l.Span, printed[:len(printed)-len(rest)]+l.Canonical)
		msg, sev := ocrNoise(p, l.Span, Msgf("表格标签“%s”与格式不符，应为“%s”", "table label %q differs from the template's %q", l.Text, l.Canonical))
		// Not Safe: a label reworded by the agency is still the printed
		// table a reader saw, and whether the template's words or the
		// report's are to stand is the editor's call, so fix leaves it for
		// a person and only the typo rules' fixes are made unattended.
		p.At(l.Span, sectionOf(p.Rep, l.Table)).Key(labelKey(l)).Severity(sev).Fix(fix).Report(msg)
	}
	return nil
}

// ocrNoise turns a character-level finding at span on OCR text into a
// note: the wrong character may be the recogniser's, not the author's
// (tesseract reads 淄 as 当 or 咱), so it is not reported as a confident
// typo. It returns msg with that caution and Info, or, when the text is
// not from OCR, msg as it is and 0 (the rule's own severity).
func ocrNoise(p *Pass, span extract.Span, msg Msg) (Msg, Severity) {
	if !p.Doc.OCR {
		return msg, 0
	}
	if conf, ok := p.Doc.MinConfidence(span); ok && conf < extract.LowConfidence {
		return Msg{
			msg.Zh + fmt.Sprintf("；此处文字来自 OCR，识别置信度低（%.0f%%），很可能是识别错误，请核对原件", conf*100),
			msg.En + fmt.Sprintf("; OCR text read with low confidence (%.0f%%): probably a recognition error, check the original", conf*100),
		}, Info
	}
	return Msg{msg.Zh + "；文字来自 OCR，可能是识别错误，请核对原件", msg.En + "; the text comes from OCR, check the original"}, Info
}

func runTextTruncated(p *Pass) error {
	r := p.Rep
	if !r.Truncated && !r.StartsLate {
		return nil
	}
	var before, after []string
	for i, s := range r.Sections {
		if !s.Missing || !lost(r, s.Key) {
			continue
		}
		if r.StartsLate && (i == 0 || before != nil && len(before) == i) {
			before = append(before, s.Number)
		} else {
			after = append(after, s.Number)
		}
	}
	if r.StartsLate {
		zh, en := "文本从报告中途开始，前面的内容缺失", "the text starts in the middle of the report"
		if len(before) > 0 {
			zh += "，第" + strings.Join(before, "、") + "部分无法检查"
			en += fmt.Sprintf("; sections %s cannot be checked", strings.Join(before, ", "))
		}
		if !r.Truncated && len(after) > 0 {
			zh += "；其后的第" + strings.Join(after, "、") + "部分也不在文本中，无法检查"
			en += fmt.Sprintf("; sections %s after it are not in the text either", strings.Join(after, ", "))
		}
		p.At(extract.Span{}, "").Report(Msg{zh, en})
	}
	if r.Truncated {
		zh, en := "文本在此中断，报告不完整", "the text is cut off here"
		if len(after) > 0 {
			zh += "，其后的第" + strings.Join(after, "、") + "部分无法检查"
			en += fmt.Sprintf("; sections %s cannot be checked", strings.Join(after, ", "))
		}
		p.At(r.TruncatedAt, "").Report(Msg{zh, en})
	}
	return nil
}

// lost reports whether a section falls after the point where a truncated
// text stops: it is not missing from the report, only from our copy.
func lost(r *normalize.Report, key string) bool {
	if !r.Truncated && !r.StartsLate {
		return false
	}
	idx, lastFound := -1, -1
	for i, s := range r.Sections {
		if s.Key == key {
			idx = i
		}
		if !s.Missing {
			lastFound = i
		}
	}
	firstFound := len(r.Sections)
	for i, s := range r.Sections {
		if !s.Missing {
			firstFound = i
			break
		}
	}
	// A text that starts in the middle is a part of the report (a page of
	// a flipbook, the later pages of a PDF): where it stops says nothing
	// of what followed, so the sections after its last are lost too
	// (审计局 2020, page 9: 四 and 五, then the page ends).
	return ((r.Truncated || r.StartsLate) && idx > lastFound) || (r.StartsLate && idx < firstFound)
}

// rowsAfterFirstRead is t.MissingRows without those above the first row
// of the template that t has.
func rowsAfterFirstRead(spec *normalize.TableSpec, t *normalize.Table) []string {
	for i, row := range spec.Rows {
		if _, ok := t.Rows[row.Key]; ok {
			var after []string
			for _, m := range t.MissingRows {
				for _, r := range spec.Rows[i+1:] {
					if r.Key == m {
						after = append(after, m)
						break
					}
				}
			}
			return after
		}
	}
	return nil
}

// cutAfter reports whether a truncated text stops right after span:
// nothing but white space follows it before the cut.
func cutAfter(p *Pass, span extract.Span) bool {
	r := p.Rep
	return r.Truncated && span.End <= r.TruncatedAt.Start && r.TruncatedAt.Start <= len(p.Doc.Text) &&
		strings.TrimSpace(p.Doc.Text[span.End:r.TruncatedAt.Start]) == ""
}

// cutInside reports whether a truncated text stops inside the section:
// its table may simply come after the cut.
func cutInside(r *normalize.Report, key string) bool {
	s := r.Section(key)
	return r.Truncated && s != nil && !s.Missing && s.Body.End >= r.TruncatedAt.Start
}

func labelKey(l normalize.LabelUse) string {
	if l.Kind == "row" {
		return l.Table + "." + l.Key
	}
	return ""
}

func sectionSpec(key string) *normalize.SectionSpec {
	for _, s := range normalize.Sections() {
		if s.Key == key {
			return s
		}
	}
	return &normalize.SectionSpec{Key: key}
}

// insertionPoint is where a missing section would go: the start of the
// next section found, or the end of the text.
func insertionPoint(r *normalize.Report, key string) extract.Span {
	after := false
	for _, s := range r.Sections {
		if s.Key == key {
			after = true
			continue
		}
		if after && !s.Missing {
			return extract.Span{Start: s.Span.Start, End: s.Span.Start}
		}
	}
	n := len(r.Doc.Text)
	return extract.Span{Start: n, End: n}
}

// missingColumns says which cells of a row are missing: all of them (the
// row's numbers were lost), or the columns by their printed labels.
func missingColumns(r *normalize.Report, table, row string, cols []string) Msg {
	rl := r.RowLabel(table, row)
	if spec := r.Profile(table).Table(table); len(cols) > 1 && len(cols) == len(spec.RowColumns(spec.Row(row))) {
		return Msg{fmt.Sprintf("%s缺少全部 %d 列数字", rl.Zh, len(cols)), fmt.Sprintf("%s lacks all %d numbers", rl.En, len(cols))}
	}
	return Msg{fmt.Sprintf("%s缺少%s列", rl.Zh, columnList(r, table, cols, "zh")), fmt.Sprintf("%s lacks columns %s", rl.En, columnList(r, table, cols, "en"))}
}

// columnList names columns as printed: “自然人”、“商业企业”.
func columnList(r *normalize.Report, table string, cols []string, lang string) string {
	var out []string
	for _, c := range cols {
		out = append(out, "“"+r.ColumnText(table, c).In(lang)+"”")
	}
	if lang == "en" {
		return strings.Join(out, ", ")
	}
	return strings.Join(out, "、")
}

func sectionOf(r *normalize.Report, table string) string {
	if p := r.Profile(table); p != nil {
		if t := p.Table(table); t != nil {
			return t.Section
		}
	}
	return table
}

// startOf and endOf are the empty spans at either end of span: where
// something is inserted, or where what is missing would have followed.
func startOf(span extract.Span) extract.Span { return extract.Span{Start: span.Start, End: span.Start} }
func endOf(span extract.Span) extract.Span   { return extract.Span{Start: span.End, End: span.End} }

func runTitleScrambled(p *Pass) error {
	if p.Rep.Title.Value != "" {
		return nil // a title that reads as one was found
	}
	for i, b := range p.Doc.Blocks {
		if i >= 12 {
			break
		}
		if b.Kind == extract.Table {
			continue
		}
		text := p.Doc.Slice(b.Span)
		if utf8.RuneCountInString(text) > 80 || strings.ContainsAny(text, "。；，,") {
			continue
		}
		dense := strings.Join(strings.Fields(text), "")
		_, tail, ok := strings.Cut(dense, "政府信息公开")
		if !ok || !strings.Contains(tail, "报") || !strings.Contains(tail, "告") || strings.Contains(tail, "报告") {
			continue
		}
		if !strings.Contains(tail, "年度") && !strings.Contains(tail, "工作") {
			continue
		}
		head, _, _ := strings.Cut(text, "政府信息公开")
		want := strings.Join(strings.Fields(head), "") + "政府信息公开工作年度报告"
		span := extract.Span{Start: b.Span.Start + len(head), End: b.Span.End}
		// The fix rewrites the whole line; the finding points at the
		// garbled words.
		p.At(span, "").Fix(changeTo(b.Span, want)).
			Reportf("标题“%s”文字错乱，应为“%s”", "the title %q is garbled; it should read %q", strings.TrimSpace(text), want)
		return nil
	}
	return nil
}

// ST111

// partsCount is a preamble's count of the report's parts (六个部分,
// 7个部分, a mirror's 五個(gè)部分, 三部分。): the number, then 个 or 個
// with the gloss a mirror adds, or 部分 alone where a mark or 组成
// follows (not 一部分群众, 三部分公开).
var partsCount = lazyre.New(`([0-9０-９]{1,2}|[一二三四五六七八九十]{1,2})\s*(?:[个個](?:\([a-zA-Zàáâãèéêìíòóùúüāēěīōūǎǐǒǔǖǘǚǜ]{1,6}\))?\s*部分|部分(?:组成|組成|[。，,：:；;]))`)

// partNames are headings a preamble names when it lists the parts, in
// simplified and traditional characters: a count of parts without one
// may count other parts (正文和附表两个部分).
var partNames = []string{"总体情况", "總體情況", "主动公开", "主動公開", "存在的主要问题", "存在的主要問題", "其他需要报告的事项", "其他需要報告的事項"}

// runPartsCount reports a preamble that gives the report another number
// of parts than the six of the format (和平县合水镇 2024: 由总体情况、…、
// 其他需要报告的事项7个部分组成; 中村乡 2020: 四个部分; 开平市农业农村局
// 2020: 五個部分): the sentence is usually last year's, or another
// agency's, left in. A count that matches the headings the report has is
// left to the rules on sections; a report before the 2019 format, or of
// unknown year with other than six sections, may have other parts.
func runPartsCount(p *Pass) error {
	r := p.Rep
	first, found := -1, 0
	for _, s := range r.Sections {
		if s.Missing {
			continue
		}
		found++
		if first < 0 || s.Span.Start < first {
			first = s.Span.Start
		}
	}
	if r.Year < 2019 && !(r.Year == 0 && found == 6) || r.StartsLate {
		return nil
	}
	d := tx(p)
	for _, ps := range d.passages {
		if ps.heading && (strings.HasPrefix(ps.text, "七、") || strings.HasPrefix(ps.text, "七．")) {
			return nil // a part of its own after the six (七、附件): its count may be right
		}
	}
	for _, ps := range d.passages {
		if ps.heading || first >= 0 && ps.span(0, 0).Start >= first {
			continue
		}
		t := ps.text
		if !strings.Contains(t, "部分") {
			continue
		}
		for _, m := range partsCount.FindAllStringSubmatchIndex(t, -1) {
			sentence := t[:m[0]]
			if k := strings.LastIndexAny(sentence, "。；;"); k >= 0 {
				_, w := utf8.DecodeRuneInString(sentence[k:])
				sentence = sentence[k+w:]
			}
			if !slices.ContainsFunc(partNames, func(n string) bool { return strings.Contains(sentence, n) }) {
				continue
			}
			num := t[m[2]:m[3]]
			n := partsNumber(num)
			if n == 6 || n == found || n <= 0 {
				continue
			}
			six := "六"
			if num[0] < utf8.RuneSelf || strings.ContainsAny(num, "０１２３４５６７８９") {
				six = "6"
			}
			end := m[0] + strings.Index(t[m[0]:m[1]], "部分") + len("部分") // not the mark after it
			p.AtText(ps.span(m[0], end)).Fix(Fix{Message: Msgf("改为“%s”", "change to %s", six), Edits: []Edit{{Span: ps.span(m[2], m[3]), NewText: six}}}).
				Reportf("前言说本报告由“%s”组成，而年报格式规定六个部分（总体情况至其他需要报告的事项），疑为沿用旧稿未改",
					"the preamble gives the report %s, where the format has six (总体情况 to 其他需要报告的事项): probably an old text left in", t[m[0]:end])
		}
	}
	return nil
}

// partsNumber is the value of a count of parts: digits, full-width
// digits or Chinese numerals up to 九十九; -1 when it is none.
func partsNumber(s string) int {
	n := 0
	if d := digitValue([]rune(s)[0]); d >= 0 {
		for _, r := range s {
			n = n*10 + digitValue(r)
		}
		return n
	}
	const digits = "一二三四五六七八九"
	rs := []rune(s)
	val := func(r rune) int { return strings.IndexRune(digits, r)/len("一") + 1 }
	switch {
	case len(rs) == 1 && rs[0] == '十':
		return 10
	case len(rs) == 1:
		return val(rs[0])
	case rs[0] == '十':
		return 10 + val(rs[1])
	case rs[1] == '十':
		return val(rs[0]) * 10
	}
	return -1
}
