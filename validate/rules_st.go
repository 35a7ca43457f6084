package validate

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/normalize"
)

var sectionMissing = &Rule{
	ID:       "ST101",
	Title:    Msg{"缺少必备章节", "required section missing"},
	Severity: Error,
	Doc: Doc{
		Text: Msg{
			"年度报告格式规定了六个部分（一、总体情况 … 六、其他需要报告的事项），缺一不可。没有标题、也找不到其内容的部分记为缺失。",
			"The national format prescribes six sections; one with neither heading nor content is missing.",
		},
		Before: Msg{"报告在表三之后直接写“六、其他需要报告的事项”，缺少“四、政府信息公开行政复议、行政诉讼情况”及其表格。", "the report goes from table 三 straight to 六."},
		After:  Msg{"补写“四、政府信息公开行政复议、行政诉讼情况”及其表格（无相关情况的，也应列出表格并填 0）。", "section 四 with its table (zeros when nothing happened)."},
	},
	Run: func(p *Pass) error {
		for _, s := range p.Rep.Sections {
			if !s.Missing || lost(p.Rep, s.Key) {
				continue
			}
			spec := sectionSpec(s.Key)
			p.Report(Finding{
				Span:    insertionPoint(p.Rep, s.Key),
				Section: s.Key,
				Message: Msg{
					fmt.Sprintf("缺少第%s部分“%s%s”", s.Number, s.Number+"、", spec.Heading),
					fmt.Sprintf("section %s (%s) is missing", s.Number, s.Key),
				},
			})
		}
		return nil
	},
}

var headingMissing = &Rule{
	ID:       "ST102",
	Title:    Msg{"章节标题缺失", "section heading missing"},
	Severity: Error,
	Doc: Doc{
		Text: Msg{
			"某部分的内容在，但标题丢了（常见于复制粘贴时与上一张表格一起截断），读者和检查工具都无法定位该部分。",
			"The content of a section is there but its heading is not, often lost with a truncated table.",
		},
		Before: Msg{"表三之后直接是“……主要改进情况：一是加强队伍建设……”。", "table 三 is followed directly by ……主要改进情况：一是加强队伍建设……"},
		After:  Msg{"在内容前补上“五、存在的主要问题及改进情况”。", "the heading 五、存在的主要问题及改进情况 inserted before the content."},
	},
	Run: func(p *Pass) error {
		for _, s := range p.Rep.Sections {
			if !s.HeadingMissing {
				continue
			}
			spec := sectionSpec(s.Key)
			heading := s.Number + "、" + spec.Heading
			p.Report(Finding{
				Span:    s.Span,
				Section: s.Key,
				Message: Msg{
					fmt.Sprintf("第%s部分缺少标题“%s”，其内容从此处开始", s.Number, heading),
					fmt.Sprintf("section %s (%s) has content but no heading", s.Number, s.Key),
				},
				Fixes: []Fix{{
					Message: Msg{"补上标题“" + heading + "”", "insert the heading " + heading},
					Edits:   []Edit{{Span: extract.Span{Start: s.Span.Start, End: s.Span.Start}, NewText: heading + "\n"}},
				}},
			})
		}
		return nil
	},
}

var sectionOrder = &Rule{
	ID:       "ST103",
	Title:    Msg{"章节顺序错误", "sections out of order"},
	Severity: Warning,
	Doc: Doc{
		Text: Msg{
			"六个部分应按一至六的顺序排列；顺序颠倒通常是编辑时段落错位。",
			"The six sections must appear in order 一 to 六.",
		},
		Before: Msg{"“五、存在的主要问题及改进情况”出现在“四、……行政诉讼情况”之前。", "五、存在的主要问题及改进情况 comes before 四、……行政诉讼情况."},
		After:  Msg{"按格式顺序调整：“四、……行政诉讼情况”在前，“五、存在的主要问题及改进情况”在后。", "四 first, then 五."},
	},
	Run: func(p *Pass) error {
		prev := 0
		var prevSec *normalize.Section
		for i := range p.Rep.Sections {
			s := &p.Rep.Sections[i]
			if s.Order == 0 {
				continue
			}
			if s.Order < prev {
				p.Report(Finding{
					Span: s.Span, Section: s.Key,
					Message: Msg{
						fmt.Sprintf("第%s部分出现在第%s部分之前，顺序不符合格式", s.Number, prevSec.Number),
						fmt.Sprintf("section %s comes before section %s", s.Number, prevSec.Number),
					},
					Related: []Related{{Span: prevSec.Span, Message: Msg{"此前的部分", "earlier section"}}},
				})
			}
			if s.Order > prev {
				prev, prevSec = s.Order, s
			}
		}
		return nil
	},
}

var tableMissing = &Rule{
	ID:       "ST104",
	Title:    Msg{"缺少统计表格", "table missing"},
	Severity: Error,
	Doc: Doc{
		Text: Msg{
			"第二、三、四部分各有一张规定格式的统计表，即使全部为 0 也必须列出。表格常因以图片发布或复制时丢失而缺失。",
			"Sections 二, 三 and 四 each carry a prescribed table, required even when all zeros.",
		},
		Before: Msg{"“四、政府信息公开行政复议、行政诉讼情况”下只有一句“未发生行政复议”，没有表格。", "section 四 says only 未发生行政复议 and has no table."},
		After:  Msg{"按格式补上表格：“未发生行政复议”之后列出行政复议、行政诉讼情况表，各格填 0。", "the table follows, filled with zeros."},
	},
	Run: func(p *Pass) error {
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
			p.Report(Finding{
				Span: span, Section: spec.Section,
				Message: Msg{
					fmt.Sprintf("缺少%s“%s”统计表", p.Rep.TableLabel(key).Zh, spec.Title),
					fmt.Sprintf("%s is missing", p.Rep.TableLabel(key).En),
				},
			})
		}
		return nil
	},
}

var tableIncomplete = &Rule{
	ID:       "ST105",
	Title:    Msg{"表格不完整或被截断", "table incomplete or truncated"},
	Severity: Error,
	Doc: Doc{
		Text: Msg{
			"表格缺少规定的行或列，常见于复制粘贴时表格被截断。缺失的单元格无法参与勾稽关系校验。",
			"A table lacks rows or columns of the template, usually cut off when copied. Missing cells cannot be checked.",
		},
		Before: Msg{"表三在“（四）无法提供 2.没有现成信息需要另行制作”之后中断，缺少“3.补正后申请内容仍不明确”至“四、结转下年度继续办理”。", "table 三 stops after （四）无法提供 2.没有现成信息需要另行制作."},
		After:  Msg{"补全表格的行和列：补上“3.补正后申请内容仍不明确”至“四、结转下年度继续办理”各行。", "the rows from 3.补正后申请内容仍不明确 to 四、结转下年度继续办理 restored."},
	},
	Run: func(p *Pass) error {
		for _, key := range normalize.TableKeys() {
			t := p.Rep.Tables[key]
			if t == nil || !t.Found {
				continue
			}
			if len(t.MissingRows) > 0 {
				first := t.MissingRows[0]
				tl := p.Rep.TableLabel(key)
				var rowsZh, rowsEn []string
				for _, row := range t.MissingRows {
					l := p.Rep.RowText(key, row)
					rowsZh, rowsEn = append(rowsZh, "“"+l.Zh+"”"), append(rowsEn, "“"+l.En+"”")
				}
				zh := fmt.Sprintf("%s缺少 %d 行：%s", tl.Zh, len(t.MissingRows), strings.Join(rowsZh, "、"))
				en := fmt.Sprintf("%s lacks %d rows: %s", tl.En, len(t.MissingRows), strings.Join(rowsEn, ", "))
				if t.Truncated && len(t.MissingRows) > 2 {
					zh = fmt.Sprintf("%s被截断，缺少%s至%s共 %d 行", tl.Zh, rowsZh[0], rowsZh[len(rowsZh)-1], len(t.MissingRows))
					en = fmt.Sprintf("%s is truncated: rows %s through %s (%d) are missing", tl.En, rowsEn[0], rowsEn[len(rowsEn)-1], len(t.MissingRows))
				}
				p.Report(Finding{
					Span: extract.Span{Start: t.Span.End, End: t.Span.End}, Section: sectionOf(p.Rep, key),
					Key:     key + "." + first,
					Message: Msg{zh, en},
				})
			}
			for _, row := range sortedKeys(t.MissingCols) {
				if t.Unfilled {
					break // ST109 says it once for the whole table
				}
				cols := t.MissingCols[row]
				span := t.Rows[row]
				p.Report(Finding{
					Span: extract.Span{Start: span.End, End: span.End}, Section: sectionOf(p.Rep, key),
					Key:     key + "." + row + "." + cols[0],
					Message: missingColumns(p.Rep, key, row, cols),
				})
			}
		}
		return nil
	},
}

var tableUnfilled = &Rule{
	ID:       "ST109",
	Title:    Msg{"表格未填写", "table left unfilled"},
	Severity: Warning,
	Doc: Doc{
		Text: Msg{
			"表格在报告中，但没有填写任何数字：所有单元格都是空白。常见于直接套用空白模板发布。没有发生的事项应填写 0，而不是留空。一张表只报一次，不再逐行报告缺失或勾稽关系。",
			"The table is in the report but no cell is filled in: every cell is blank, as when the blank template is published as it is. Write 0 for what did not happen rather than leaving the cell empty. Reported once per table.",
		},
		Before: Msg{"表四“行政复议、行政诉讼”的数字行 15 格全部空白。", "all 15 number cells of table 四 are blank."},
		After:  Msg{"按本年度实际数据填写，没有发生的填 0。", "this year's numbers filled in, 0 where nothing happened."},
	},
	Run: func(p *Pass) error {
		for _, key := range normalize.TableKeys() {
			t := p.Rep.Tables[key]
			if t == nil || !t.Found || !t.Unfilled {
				continue
			}
			spec := p.Rep.Profile(key).Table(key)
			p.Report(Finding{
				Span: extract.Span{Start: t.Span.Start, End: t.Span.Start}, Section: sectionOf(p.Rep, key),
				Message: Msg{
					fmt.Sprintf("“%s”统计表未填写：所有单元格均为空白，没有发生的事项应填 0", spec.Title),
					fmt.Sprintf("table %s (%s) is not filled in: every cell is blank; write 0 for what did not happen", key, spec.Title),
				},
			})
		}
		return nil
	},
}

var templateMismatch = &Rule{
	ID:       "ST106",
	Title:    Msg{"表格格式与报告年度不符", "template does not match the year"},
	Severity: Warning,
	Doc: Doc{
		Text: Msg{
			"2021 年度起应使用国办公开办函〔2021〕30号的新格式；2019、2020 年度使用〔2019〕60号的试行格式。沿用旧表（如“（六）其他处理”只有一行、主动公开表用“本年新制作数量”）说明报告套用了旧模板。",
			"From 2021 on reports use the 2021 template; 2019–2020 reports the 2019 one. Old-template tables in a new report mean an outdated template was reused.",
		},
		Before: Msg{"2022 年度报告的表二仍是“信息内容 本年新制作数量 本年新公开数量 对外公开总数量”。", "a 2022 report whose table 二 reads 信息内容 本年新制作数量 本年新公开数量 对外公开总数量."},
		After:  Msg{"按当年适用的格式重制表格：“信息内容 本年制发件数 本年废止件数 现行有效件数”。", "the table redone from the 2021 template: 信息内容 本年制发件数 本年废止件数 现行有效件数."},
	},
	Run: func(p *Pass) error {
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
			p.Report(Finding{
				Span: t.Span, Section: sectionOf(r, key),
				Message: Msg{
					fmt.Sprintf("%d 年度报告的%s使用了 %s 版格式%s，应使用 %s 版格式", r.Year, r.TableLabel(key).Zh, t.Template, detail, want),
					fmt.Sprintf("%s of a %d report follows the %s template; the %s template applies", r.TableLabel(key).En, r.Year, t.Template, want),
				},
			})
		}
		return nil
	},
}

var labelDeviates = &Rule{
	ID:       "ST107",
	Title:    Msg{"表格标签与格式不符", "table label deviates from the template"},
	Severity: Warning,
	Doc: Doc{
		Text: Msg{
			"表格的行列标签应与规定格式一字不差，漏字、错字会让读者误解统计口径。空格、全半角标点不算差异；被拆到下一格的标签也不算。",
			"Table labels must read as the template prints them; missing or wrong characters are flagged (spaces and punctuation width are not).",
		},
		Before: Msg{"“2.其他法律法规禁止公开”。", "2.其他法律法规禁止公开"},
		After:  Msg{"“2.其他法律行政法规禁止公开”。", "2.其他法律行政法规禁止公开"},
	},
	Run: func(p *Pass) error {
		for _, l := range p.Rep.Labels {
			if !l.Deviates {
				continue
			}
			f := Finding{
				Span: l.Span, Section: sectionOf(p.Rep, l.Table), Key: labelKey(l),
				Message: Msg{
					fmt.Sprintf("表格标签“%s”与格式不符，应为“%s”", l.Text, l.Canonical),
					fmt.Sprintf("table label %q differs from the template's %q", l.Text, l.Canonical),
				},
				Fixes: []Fix{{
					Message: Msg{"改为“" + l.Canonical + "”", "change to " + l.Canonical},
					Edits:   []Edit{{Span: l.Span, NewText: l.Numbering + l.Canonical}},
				}},
			}
			ocrNoise(p, &f)
			p.Report(f)
		}
		return nil
	},
}

// ocrNoise turns a character-level finding on OCR text into a note: the
// wrong character may be the recogniser's, not the author's (tesseract
// reads 淄 as 当 or 咱), so it is not reported as a confident typo.
func ocrNoise(p *Pass, f *Finding) {
	if !p.Doc.OCR {
		return
	}
	f.Severity = Info
	conf, ok := p.Doc.MinConfidence(f.Span)
	if ok && conf < extract.LowConfidence {
		f.Message.Zh += fmt.Sprintf("；此处文字来自 OCR，识别置信度低（%.0f%%），很可能是识别错误，请核对原件", conf*100)
		f.Message.En += fmt.Sprintf("; OCR text read with low confidence (%.0f%%): probably a recognition error, check the original", conf*100)
		return
	}
	f.Message.Zh += "；文字来自 OCR，可能是识别错误，请核对原件"
	f.Message.En += "; the text comes from OCR, check the original"
}

var textTruncated = &Rule{
	ID:       "ST108",
	Title:    Msg{"文本在中途中断", "text cut off"},
	Severity: Warning,
	Doc: Doc{
		Text: Msg{
			"报告文本在句子或表格中途结束，其后的部分无从检查（常见于网页只发布了一部分、复制不全或文件损坏）。缺失的后续部分只在此报告一次，不逐一报告。",
			"The text stops in mid-sentence or mid-table; the sections after it are reported once here rather than one by one.",
		},
		Before: Msg{"最后一行是“……把政”。", "the last line is ……把政"},
		After:  Msg{"取得完整的报告再检查。", "get the whole report and check it again."},
	},
	Run: func(p *Pass) error {
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
			p.Report(Finding{Span: extract.Span{}, Message: Msg{zh, en}})
		}
		if r.Truncated {
			zh, en := "文本在此中断，报告不完整", "the text is cut off here"
			if len(after) > 0 {
				zh += "，其后的第" + strings.Join(after, "、") + "部分无法检查"
				en += fmt.Sprintf("; sections %s cannot be checked", strings.Join(after, ", "))
			}
			p.Report(Finding{Span: r.TruncatedAt, Message: Msg{zh, en}})
		}
		return nil
	},
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
	return (r.Truncated && idx > lastFound) || (r.StartsLate && idx < firstFound)
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

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sortStrings(keys)
	return keys
}

var titleScrambled = &Rule{
	ID:       "ST110",
	Title:    Msg{"标题文字错乱", "title garbled"},
	Severity: Error,
	Doc: Doc{
		Text: Msg{
			"报告标题应写作“××（机关）××××年政府信息公开工作年度报告”。标题中“年度报告”几个字颠倒、拆散（常见于排版时逐字调整），读者和检索系统都认不出这是年度报告。",
			"The title must read “<agency><year>年政府信息公开工作年度报告”. Its last words scrambled (工作告年度报) make the report unrecognisable to readers and search.",
		},
		Before: Msg{"“政府信息公开 工作告年度报”。", "政府信息公开 工作告年度报"},
		After:  Msg{"改为“……政府信息公开工作年度报告”。", "政府信息公开工作年度报告"},
	},
	Run: func(p *Pass) error {
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
			p.Report(Finding{Span: span,
				Message: Msg{fmt.Sprintf("标题“%s”文字错乱，应为“%s”", strings.TrimSpace(text), want),
					fmt.Sprintf("the title %q is garbled; it should read %q", strings.TrimSpace(text), want)},
				Fixes: []Fix{{Message: Msg{"改为“" + want + "”", "change to " + want},
					Edits: []Edit{{Span: b.Span, NewText: want}}}}})
			return nil
		}
		return nil
	},
}
