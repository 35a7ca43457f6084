package normalize

import (
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/internal/cjk"
	"github.com/nianbao/nianbao/internal/numtok"
)

// A token is one cell of a source table, or one short paragraph standing
// in for a cell (tables flattened one cell per line). Tokens of the same
// source row share row; paragraph tokens each get their own row and flow
// into the next (their values continue the label before them).
type token struct {
	text string
	span extract.Span
	row  int32
	flow bool
	kind tokKind
	// block numbers the source table a token came from (0 for paragraph
	// tokens), so rows of one grid can be told from rows of the next; col
	// and cols are the grid columns the cell covers there.
	block, col, cols int32 // int32 keeps a token small: tables copy many
	// folded is FoldLabel(text) of a label token, made once for all the
	// table specs that read it.
	folded string
}

// foldedLabel is FoldLabel(t.text) of a label token.
func (t *token) foldedLabel() string { return t.folded }

// joinLabels is the label token of a label wrapped from a to b.
func joinLabels(a, b token, flow bool) token {
	text := a.text + b.text
	return token{text: text, span: extract.Span{Start: a.span.Start, End: b.span.End}, row: a.row, flow: flow, folded: FoldLabel(text)}
}

type tokKind uint8

const (
	tLabel tokKind = iota
	tValue
	tBlank
	// tSep is a line of bars that a flattening puts where a row ends,
	// with the row's blank cells collapsed into it: what it ends has lost
	// the places of its cells.
	tSep
)

// classify tells labels from values. Beyond what numtok calls a value,
// short text with digits and at most one Han character is a number that
// could not be read (O for 0, l for 1, 12件5), not a label; unless it is
// a numbered label cut after its first character (1.属 / 于国家秘密, a
// label wrapped over two lines).
func classify(text string) tokKind {
	k, _, ok := quickKind(text)
	if !ok {
		k = numtok.Classify(text)
	}
	switch k {
	case numtok.Blank:
		return tBlank
	case numtok.Number, numtok.Dash:
		return tValue
	}
	// Two Han characters make a label whatever else the text holds:
	// folding and trimming, below, change no Han character.
	han := 0
	for _, r := range text {
		if cjk.IsHan(r) {
			if han++; han > 1 {
				return tLabel
			}
		}
	}
	t := strings.TrimSpace(numtok.Fold(text))
	han, digits := 0, 0 // counted again, now in what is read
	for _, r := range t {
		switch {
		case cjk.IsHan(r):
			han++
		case unicode.IsDigit(r):
			digits++
		}
	}
	if digits > 0 && han <= 1 && !numtok.Ordinal(t) && utf8.RuneCountInString(t) <= 12 {
		return tValue
	}
	return tLabel
}

// quickKind answers numtok.Classify for the tokens most cells hold, ok
// false for the others: a text that starts with none of what starts a
// Dash or a Number (a dash, slash, tilde, 无, 暂无 or 空; a sign or a
// digit) is Text, and a run of ASCII digits is a Number, digits. numtok's regexps, asked of every
// token of every table twice (to classify it, then to read it), were a
// fifth of normalizing a report (profile of the generated mix).
func quickKind(s string) (k numtok.Kind, digits string, ok bool) {
	i := 0
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if !unicode.IsSpace(r) {
			break
		}
		i += n
	}
	if i == len(s) {
		return numtok.Blank, "", true
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	// numtok folds full-width forms to ASCII; a Dash starts with a dash,
	// a slash, a tilde or 无 暂无 空, a Number with a sign or a digit.
	f := r
	if 0xFF01 <= f && f <= 0xFF5E {
		f = f - 0xFF01 + '!'
	}
	switch f {
	case '无', '暂', '空', '—', '–', '-', '/', '\\', '~':
		// The blanks tables write: a run of dashes, slashes and tildes,
		// 无, 暂无 or 空, alone (numtok's dashRE); no full-width form,
		// which numtok folds first.
		if u := strings.TrimRightFunc(s[i:], unicode.IsSpace); u == "无" || u == "暂无" || u == "空" ||
			strings.Trim(u, "—–-/\\~") == "" {
			return numtok.Dash, "", true
		}
		return 0, "", false
	case '+':
		return 0, "", false
	}
	if f < '0' || f > '9' {
		return numtok.Text, "", true
	}
	if r != f {
		return 0, "", false // a full-width digit: numtok reads it
	}
	j := i
	for j < len(s) && s[j] >= '0' && s[j] <= '9' {
		j++
	}
	if strings.TrimSpace(s[j:]) != "" {
		// A numbered label (1.属于国家秘密): after the digits, commas
		// and dots a Number allows comes a Han character that starts no
		// unit, which no Number has.
		k := j
		for k < len(s) && (isDigit(s[k]) || s[k] == ',' || s[k] == '.') {
			k++
		}
		if r, _ := utf8.DecodeRuneInString(s[k:]); cjk.IsHan(r) && !strings.ContainsRune("万元件条个项次人", r) {
			return numtok.Text, "", true
		}
		return 0, "", false
	}
	return numtok.Number, s[i:j], true
}

// parseCell turns a value token into a cell state and value. The value
// goes in *dst, which c.Value then points to: the cells of a table share
// one list of values rather than each allocating its own.
func parseCell(c *Cell, raw string, dst *float64) {
	c.Raw = raw
	// A change column's text may be a sign word and a number (增15),
	// which parseChange reads below.
	signed := c.Spec.Col != nil && c.Spec.Col.Signed
	if k, digits, ok := quickKind(raw); ok && !(k == numtok.Text && signed) {
		switch k {
		case numtok.Number:
			// What numtok.Parse does with digits alone; up to 15
			// digits are summed exactly (below 2^53), as ParseFloat would.
			var v float64
			if len(digits) <= 15 {
				var n int64
				for i := 0; i < len(digits); i++ {
					n = n*10 + int64(digits[i]-'0')
				}
				v = float64(n)
			} else {
				var err error
				if v, err = strconv.ParseFloat(digits, 64); err != nil {
					c.State = StateUnreadable
					return
				}
			}
			*dst = v
			c.State, c.Value = StateNumber, dst
		case numtok.Blank:
			c.State = StateBlank
		case numtok.Dash:
			c.State = StateDash
		default:
			// Text, which numtok.Parse never reads: its pattern of a
			// number is narrower than Classify's.
			c.State = StateUnreadable
		}
		return
	}
	switch numtok.Classify(raw) {
	case numtok.Blank:
		c.State = StateBlank
		return
	case numtok.Dash:
		c.State = StateDash
		return
	}
	v, unit, ok := numtok.Parse(raw)
	if !ok && signed {
		v, unit, ok = parseChange(raw)
	}
	if !ok {
		c.State = StateUnreadable
		return
	}
	*dst = v
	c.State, c.Value, c.Unit = StateNumber, dst, unit
}

// changeWords are the words a change column (本年增/减) may write for
// the sign: 渠县教育和科学技术局 2020 wrote 增15 and 减4 where the
// template means +15 and -4.
var changeWords = []struct {
	word string
	sign float64
}{{"增加", 1}, {"减少", -1}, {"增", 1}, {"减", -1}}

// parseChange reads a change written with a sign word (增15, 减少4).
func parseChange(raw string) (v float64, unit string, ok bool) {
	s := strings.TrimSpace(raw)
	for _, w := range changeWords {
		if rest, found := strings.CutPrefix(s, w.word); found {
			if rest = strings.TrimSpace(rest); rest == "" || rest[0] == '+' || rest[0] == '-' {
				return 0, "", false // a word and a sign: which is meant?
			}
			v, unit, ok = numtok.Parse(rest)
			return v * w.sign, unit, ok
		}
	}
	return 0, "", false
}

// tokens lists the cells of the table blocks in [start,end) and the short
// paragraphs there (which may be cells of a table flattened one per line).
func tokens(doc *extract.Document, start, end int) []token {
	// Room for every cell and a token a line, so that the tokens (72
	// bytes each) are seldom copied as they grow.
	n := 0
	for _, b := range doc.Blocks {
		if b.Span.Start < start || b.Span.Start >= end {
			continue
		}
		n++
		for _, r := range b.Rows {
			n += len(r.Cells)
		}
	}
	out := make([]token, 0, n)
	var row, tables int32
	short := shortLines(doc, start, end)
	gaps := blankLines(doc, start, end, short)
	seps := barsSeparate(doc, start, end, short)
	for bi, b := range doc.Blocks {
		if b.Span.Start < start || b.Span.Start >= end {
			continue
		}
		if seps && loneBar(b) {
			continue
		}
		if pageNumberLine(doc, b) {
			// The page number is no cell; the empty lines before it
			// still stand for blank cells.
			for k := 0; k < gaps[bi]; k++ {
				row++
				out = append(out, token{span: extract.Span{Start: b.Span.Start, End: b.Span.Start}, row: row, flow: true, kind: tBlank})
			}
			continue
		}
		if b.Kind == extract.Table {
			tables++
			// A "table" of one column is a table flattened one cell a
			// line ("规章 |", "/ |", a bare "|" for a blank cell, lines of
			// bars between rows): its cells flow like lines.
			if oneColumn(b) {
				for _, r := range b.Rows {
					if len(r.Cells) != 1 {
						row++
						out = append(out, token{span: r.Span, row: row, flow: true, kind: tSep})
						continue
					}
					c := r.Cells[0]
					row++
					out = append(out, token{text: c.Text, span: c.Span, row: row, flow: true, kind: classify(c.Text)})
				}
				continue
			}
			for ri := range b.Rows {
				row++
				// By index: a cell is 64 bytes, and tables have hundreds.
				for ci := range b.Rows[ri].Cells {
					c := &b.Rows[ri].Cells[ci]
					if c.Merged {
						continue
					}
					out = append(out, token{text: c.Text, span: c.Span, row: row, kind: classify(c.Text), block: tables, col: int32(c.Col), cols: int32(max(c.ColSpan, 1))})
				}
			}
			continue
		}
		if !short[bi] {
			continue
		}
		text := doc.Slice(b.Span)
		// Tables flattened one cell a line by web archives close each
		// cell with " |" and separate rows with lines of bars.
		if cell, ok := strings.CutSuffix(text, " |"); ok {
			text = strings.TrimSpace(cell)
			b.Span.End = b.Span.Start + len(text)
		} else if strings.Trim(text, "|") == "" {
			continue
		}
		if text == "" {
			continue
		}
		// Empty lines beyond the usual spacing between short lines are
		// blank cells of a table copied one cell per line (0, "", "", 0).
		for k := 0; k < gaps[bi]; k++ {
			row++
			out = append(out, token{span: extract.Span{Start: b.Span.Start, End: b.Span.Start}, row: row, flow: true, kind: tBlank})
		}
		// "行政许可 0" or "规章 0 0 0": a label with its numbers on one line.
		fields := extract.FieldSpans(text)
		k := len(fields)
		for k > 0 && classify(text[fields[k-1][0]:fields[k-1][1]]) == tValue {
			k--
		}
		row++
		if k < len(fields) && k > 0 {
			out = append(out, token{text: strings.TrimSpace(text[:fields[k-1][1]]), span: extract.Span{Start: b.Span.Start, End: b.Span.Start + fields[k-1][1]}, row: row, flow: true, kind: tLabel})
			for _, f := range fields[k:] {
				out = append(out, token{text: text[f[0]:f[1]], span: extract.Span{Start: b.Span.Start + f[0], End: b.Span.Start + f[1]}, row: row, flow: true, kind: tValue})
			}
			continue
		}
		if k == 0 && len(fields) > 1 {
			for _, f := range fields {
				out = append(out, token{text: text[f[0]:f[1]], span: extract.Span{Start: b.Span.Start + f[0], End: b.Span.Start + f[1]}, row: row, flow: true, kind: tValue})
			}
			continue
		}
		if head, zeros := gluedZeros(text); zeros > 0 {
			// A row whose cells lost the marks between them (规章000,
			// 大竹县川主乡 2019): zeros, however many columns they fill,
			// split one a cell; other digits glued so say no column.
			out = append(out, token{text: head, span: extract.Span{Start: b.Span.Start, End: b.Span.Start + len(head)}, row: row, flow: true, kind: tLabel})
			for z := 0; z < zeros; z++ {
				at := b.Span.Start + len(head) + z
				out = append(out, token{text: "0", span: extract.Span{Start: at, End: at + 1}, row: row, flow: true, kind: tValue})
			}
			continue
		}
		if k == len(fields) && k >= 2 {
			// A header row of a table laid out in columns (信息内容   本年制发件数
			// 本年废止件数   现行有效件数, or 行政复议   行政诉讼, pdftotext
			// -layout of 洪泽区 2024): each column's label a cell, as a table
			// block would give them, so that its columns tell the template
			// and the table starts at its first header. Only whole labels: the
			// header of 表四 laid out over lines prints two-character pieces
			// of its cells (结果   结果    其他结    尚未) that are read
			// joined with the lines around them.
			if cells := extract.GapFields(text); len(cells) >= 2 && wholeCells(text, cells) {
				for _, f := range cells {
					out = append(out, token{text: text[f[0]:f[1]], span: extract.Span{Start: b.Span.Start + f[0], End: b.Span.Start + f[1]}, row: row, flow: true, kind: tLabel})
				}
				continue
			}
		}
		out = append(out, token{text: text, span: b.Span, row: row, flow: true, kind: classify(text)})
	}
	for k := 0; k < gaps[-1]; k++ {
		row++
		at := len(doc.Text)
		if len(out) > 0 {
			at = out[len(out)-1].span.End
		}
		out = append(out, token{span: extract.Span{Start: at, End: at}, row: row, flow: true, kind: tBlank})
	}
	return out
}

// gluedZeros splits a line that is a label with a run of zeros glued to
// it (规章000, 行政事业性收费00): the label and the number of zeros. A label
// must end in a Han character and hold no digit of its own; zeros is 0
// for any other line.
func gluedZeros(text string) (head string, zeros int) {
	t := strings.TrimRight(text, "0")
	if len(t) == len(text) || len(t) == 0 || strings.ContainsAny(t, "0123456789 \t") {
		return "", 0
	}
	if r, _ := utf8.DecodeLastRuneInString(t); !unicode.Is(unicode.Han, r) {
		return "", 0
	}
	return t, len(text) - len(t)
}

// wholeCells reports whether every cell of a laid-out line is long enough
// to be a whole column label (信息内容, 本年制发件数) rather than a piece of
// a cell wrapped over lines: four characters or more.
func wholeCells(text string, cells [][2]int) bool {
	for _, f := range cells {
		if utf8.RuneCountInString(text[f[0]:f[1]]) < 4 {
			return false
		}
	}
	return true
}

// pageNumberLine reports whether block b is a line holding only the
// page number a copy of a PDF keeps where a table crosses a page (-2-,
// - 3 -, 第3页), as a paragraph or, split at its spaces, as a table row:
// no cell of the tables reads so, and taken for one it gave the row
// above a cell too many (行政许可 9487 / -2-, 淮安市洪泽区 2024, which
// then read as the 2019 template).
func pageNumberLine(doc *extract.Document, b extract.Block) bool {
	if b.Kind == extract.Table && len(b.Rows) != 1 {
		return false
	}
	return pageNumberCell(strings.TrimSpace(doc.Slice(b.Span)))
}

// pageNumberCell reports whether text is a decorated page number. A
// signed number (-2) is a number, whatever DecoratedPageNumber says of
// its sign.
func pageNumberCell(text string) bool {
	switch numtok.Classify(text) {
	case numtok.Number, numtok.Dash:
		return false
	}
	return numtok.DecoratedPageNumber(text)
}

// shortLines marks the blocks starting in [start,end) that are short
// lines, which may be cells of a table flattened one per line: at most 60
// characters and no sentence punctuation. tokens, blankLines and
// barsSeparate each asked it of every block.
func shortLines(doc *extract.Document, start, end int) []bool {
	short := make([]bool, len(doc.Blocks))
	for i, b := range doc.Blocks {
		if b.Span.Start < start || b.Span.Start >= end {
			continue
		}
		text := doc.Slice(b.Span)
		short[i] = runesAtMost(text, 60) && !strings.ContainsAny(text, "。；;")
		// A longer line is a cell when a number follows it on the next
		// line: forms that explain their rows in brackets (规范性文件(行政
		// 机关制定发布的决定、公告……一般情况下属于规范性文件), 武汉经开区卫
		// 健局 2020) run past 60 characters, and their numbers were left
		// to no row.
		if !short[i] && i+1 < len(doc.Blocks) && runesAtMost(text, 200) && (!strings.ContainsAny(text, "。；;") || definedTerm(text)) &&
			classify(strings.TrimSpace(doc.Slice(doc.Blocks[i+1].Span))) == tValue {
			short[i] = true
		}
	}
	return short
}

// loneBar reports whether b is a line holding only "|" (a table of one
// empty cell).
func loneBar(b extract.Block) bool {
	if b.Kind != extract.Table || len(b.Rows) != 1 {
		return false
	}
	for _, c := range b.Rows[0].Cells {
		if strings.TrimSpace(c.Text) != "" {
			return false
		}
	}
	return true
}

// barsSeparate reports whether the lines holding only "|" in [start,end)
// stand between cells rather than for blank cells. Web archives flatten a
// table one cell a line in two ways: each cell closed by " |", where a
// bare "|" is a blank cell (二道区 2022: "56 |", "|", "|"), or each cell on
// its own line with a bare "|" after it (安康 2019: "规范性文件", "|",
// "30", "|"), where reading the bars as blank cells shifts every value
// one column on. Only when no short line of the region closes with a bar
// and the bars are at least as many as the cells between them is it the
// second kind.
func barsSeparate(doc *extract.Document, start, end int, short []bool) bool {
	bars, cells := 0, 0
	for i, b := range doc.Blocks {
		if b.Span.Start < start || b.Span.Start >= end {
			continue
		}
		if loneBar(b) {
			bars++
			continue
		}
		if b.Kind == extract.Table {
			return false
		}
		if !short[i] {
			continue
		}
		if strings.HasSuffix(strings.TrimSpace(doc.Slice(b.Span)), "|") {
			return false
		}
		cells++
	}
	return bars >= 4 && bars*5 >= cells*4
}

// oneColumn reports whether table b has one cell a row, not counting
// rows of empty cells only (the bars a flattening puts between rows).
func oneColumn(b extract.Block) bool {
	cells := 0
	for _, r := range b.Rows {
		empty := true
		for _, c := range r.Cells {
			empty = empty && strings.TrimSpace(c.Text) == ""
		}
		if len(r.Cells) > 1 && !empty {
			return false
		}
		if !empty {
			cells++
		}
	}
	return cells > 1
}

// blankLines finds, for each short paragraph in [start,end), how many
// blank cells the empty lines before it stand for. In a table copied one
// cell per line a blank cell is an empty line; the text may also space
// every line with empty lines, so only the empty lines beyond the most
// common spacing between short lines count. Paragraphs that are not
// short lines (prose) break the chain: an empty line before a heading
// is layout, not a cell.
func blankLines(doc *extract.Document, start, end int, shortLine []bool) map[int]int {
	type gap struct{ block, empties int }
	var gaps []gap
	counts := map[int]int{}
	prev := -1
	for i, b := range doc.Blocks {
		if b.Span.Start < start || b.Span.Start >= end {
			continue
		}
		short := b.Kind != extract.Table && shortLine[i] || pageNumberLine(doc, b)
		if !short {
			prev = -1
			continue
		}
		if prev >= 0 && doc.Blocks[prev].Span.End <= b.Span.Start {
			between := doc.Text[doc.Blocks[prev].Span.End:b.Span.Start]
			e := strings.Count(between, "\n") - 1
			if e >= 0 && strings.TrimSpace(between) == "" {
				gaps = append(gaps, gap{i, e})
				counts[e]++
			}
		}
		prev = i
	}
	// The empty lines after the last line of the region are the blank
	// cells that end the table (its last cells left empty), key -1.
	if prev >= 0 {
		next := len(doc.Text)
		if prev+1 < len(doc.Blocks) {
			next = doc.Blocks[prev+1].Span.Start
		}
		if end := doc.Blocks[prev].Span.End; end <= next { // blocks may overlap: then no spacing to read
			if between := doc.Text[end:next]; strings.TrimSpace(between) == "" {
				gaps = append(gaps, gap{-1, strings.Count(between, "\n") - 1})
			}
		}
	}
	// The usual spacing is the smallest that recurs, not the commonest:
	// in a table left mostly blank the runs of empty lines can outnumber
	// the single line breaks between filled cells.
	usual, pairs := -1, 0
	for e, n := range counts {
		pairs += n
		if n >= 4 && (usual < 0 || e < usual) {
			usual = e
		}
	}
	out := map[int]int{}
	if strings.Contains(doc.Text, "\f") {
		// A form feed ends each page of the text pdftotext makes of a
		// PDF, where a blank cell prints nothing and an empty line only
		// ends a run of text (淮安市 2024 without -layout: every value
		// spaced by one, each read as a blank cell after it, shifted the
		// rows' totals into 总计's neighbours: 22 false TB103).
		return out
	}
	for _, g := range gaps {
		if usual >= 0 && g.empties > usual && pairs >= 8 {
			out[g.block] = g.empties - usual
		}
	}
	return out
}

// srcRow groups the tokens of one source row.
type srcRow struct {
	labels []token
	values []token // tokens after the last label, blanks included
	flow   bool
}

func groupRows(toks []token) []srcRow {
	n := 0
	for i := range toks {
		if i == 0 || toks[i].row != toks[i-1].row {
			n++
		}
	}
	if n == 0 {
		return nil
	}
	rows := make([]srcRow, 0, n)
	for i := 0; i < len(toks); {
		j := i
		for j < len(toks) && toks[j].row == toks[i].row {
			j++
		}
		var r srcRow
		r.flow = toks[i].flow
		last, others := i-1, false
		for k := i; k < j; k++ {
			if toks[k].kind == tLabel {
				last = k
			}
		}
		for k := i; k <= last; k++ {
			others = others || toks[k].kind != tLabel
		}
		// The rows share toks where they can; their capacity ends with
		// them, so that appending to one copies it.
		switch {
		case last < i:
		case !others:
			r.labels = toks[i : last+1 : last+1]
		default:
			for k := i; k <= last; k++ {
				if toks[k].kind == tLabel {
					r.labels = append(r.labels, toks[k])
				}
			}
		}
		if last+1 < j {
			r.values = toks[last+1 : j : j]
		}
		rows = append(rows, r)
		i = j
	}
	return rows
}

// rowMatch is a template row found in the source with its value tokens.
type rowMatch struct {
	spec   *RowSpec
	label  token
	values []token
	flow   bool
	want   int
}

// tableResult is what matching one table spec against tokens found.
type tableResult struct {
	spec    *TableSpec
	rows    map[string]*rowMatch
	labels  []labelRef // the labels read, made LabelUse only for the reading kept
	headers int        // header and column labels recognised
	weak    int        // of them, column labels only near their spec's (本年处理决定数量 for 处理决定数量)
	span    extract.Span
	found   bool
	// orphans counts the values of a table flattened one cell a line
	// that no row could take: more than its rows had room for after a
	// label, or before any label.
	orphans int
	// ev is evidence(), made once.
	ev     []string
	evDone bool
}

// labelRef is a label read and what it matched.
type labelRef struct {
	hit labelHit
	tok token
}

// score ranks the readings of one table under the templates' specs: rows
// and labels found count for it, and a row that has fewer cells than its
// spec asks counts against it, so that a table whose blocks follow one
// template but whose first block's column labels are another's is read
// under the template its rows fit (区教育局 2021, one cell per line: the
// 2019 labels 本年新制作数量 over 行政许可 5 with one cell a row, read as
// 2019 gave four rows short of two columns and 282.1 as last year's
// count of 行政事业性收费).
//
// A column label that only comes near its spec's counts for nothing, and
// a row of the spec missing between the first and the last row read
// counts against the reading: the 2021 labels 本年处理决定数量 over 行政许可
// come near the 2019 label 处理决定数量, and with the 2019 labels over
// block （一） the 2019 reading had more labels than the 2021 one although
// it lacked 其他对外管理服务事项 between rows it found (the generator's
// old-labels variant, in text with a tab between cells). Rows missing
// before the first or after the last row read are left out of it: they
// are lost with a copy that begins or ends inside the table.
func (tr *tableResult) score() int {
	short := 0
	first, last, found := -1, -1, 0
	for i, row := range tr.spec.Rows {
		m, ok := tr.rows[row.Key]
		if !ok {
			continue
		}
		if len(m.values) < len(tr.spec.RowColumns(m.spec)) {
			short++
		}
		if first < 0 {
			first = i
		}
		last = i
		found++
	}
	gaps := 0
	if first >= 0 {
		gaps = last - first + 1 - found
	}
	return len(tr.rows)*2 + tr.headers - tr.weak - short - gaps
}

const labelThreshold = 0.75

// weakLabel is the score under which a column label read is only near
// its spec's, too near another template's to tell the two apart.
const weakLabel = 0.9

type labelHit struct {
	kind  string // "row", "group", "column", "header"
	key   string
	canon string
	score float64
	alias bool
}

// region is what a table is read from: the tokens of its stretch of the
// document, grouped by source row. It is made once and read under every
// template's spec.
type region struct {
	toks   []token
	rows   []srcRow
	labels int // label tokens, the most labels a reading can keep but for joins
}

func newRegion(doc *extract.Document, start, end int) *region {
	toks := tokens(doc, start, end)
	labels := 0
	for i := range toks {
		if toks[i].kind == tLabel {
			toks[i].folded = foldCell(toks[i].text)
			labels++
		}
	}
	return &region{toks: toks, rows: groupRows(toks), labels: labels}
}

// folds caches FoldLabel of the label cells: the template's labels come
// back in report after report, written the same few ways, and a lookup
// costs less than folding them again (and shares the folded string
// rather than allocating it in every report). Bounded like hitCache.
var folds struct {
	mu sync.RWMutex
	m  map[string]string
}

const maxFolds = 1 << 14

// foldCell is FoldLabel(text), through folds.
func foldCell(text string) string {
	folds.mu.RLock()
	f, ok := folds.m[text]
	folds.mu.RUnlock()
	if ok {
		return f
	}
	f = FoldLabel(text)
	folds.mu.Lock()
	if folds.m == nil {
		folds.m = map[string]string{}
	}
	if len(folds.m) < maxFolds {
		// Both cloned: the text, and a folded text that is the text
		// itself, are parts of a report's canonical text.
		f = strings.Clone(f)
		folds.m[strings.Clone(text)] = f
	}
	folds.mu.Unlock()
	return f
}

// matchTable reads the rows of t from a region.
func matchTable(t *TableSpec, rg *region) *tableResult {
	tr := &tableResult{spec: t, rows: map[string]*rowMatch{}, labels: make([]labelRef, 0, rg.labels)}
	var cur *rowMatch
	// The rows read come from one slab, made at the first row found: one
	// allocation for the table rather than one a row. A reading that
	// finds more (a row read twice) allocates the rest.
	var slab []rowMatch
	// As many as the table has cells: a row is read once, but for the
	// odd row read again.
	values := tokenSlab{size: min(t.cellKeys().n, len(rg.toks)-rg.labels)}
	group := ""
	finish := func() {
		if cur == nil {
			return
		}
		if _, dup := tr.rows[cur.spec.Key]; !dup {
			tr.rows[cur.spec.Key] = cur
		}
		cur = nil
	}
	extend := func(s extract.Span) {
		if !tr.found {
			tr.span, tr.found = s, true
		}
		tr.span.Start = min(tr.span.Start, s.Start)
		tr.span.End = max(tr.span.End, s.End)
	}
	// colAt is where each column label stands in its source grid, so a
	// row's cells are taken from under their headers.
	var colAt colPlaces
	rows := rg.rows
	for ri := 0; ri < len(rows); ri++ {
		r := rows[ri]
		if len(r.values) == 1 && r.values[0].kind == tSep {
			if cur != nil && cur.flow && len(cur.values) < cur.want {
				// Blank cells collapsed into the bars: the values read so
				// far have no sure column.
				cur.values = nil
				cur.want = 0
			}
			continue
		}
		if len(r.labels) == 0 {
			if cur != nil && cur.flow && len(cur.values) < cur.want {
				// Flowed tokens are blank only where an empty line stood
				// for a blank cell (blankLines), so blanks keep their place.
				if room := cur.want - len(cur.values); len(r.values) > room {
					tr.orphans += countNonBlank(r.values[room:])
				}
				cur.values = append(cur.values, r.values...)
				extend(r.values[0].span)
			} else if r.flow {
				tr.orphans += countNonBlank(r.values)
			}
			continue
		}
		// Resolve the labels left to right; adjacent labels that mean
		// nothing alone are tried joined (a label wrapped over two cells
		// or lines).
		var hit labelHit
		var hitTok token
		labels := r.labels
		for i := 0; i < len(labels); i++ {
			l := labels[i]
			folded := l.foldedLabel()
			// The last label of a row is a row label when numbers follow:
			// in this row, or on the next lines of a flowed table.
			numbersFollow := countNonBlank(r.values) > 0 || (r.flow && ri+1 < len(rows) && len(rows[ri+1].labels) == 0 && countNonBlank(rows[ri+1].values) > 0)
			wantRow := i == len(labels)-1 && numbersFollow
			h := matchLabel(t, folded, group, wantRow)
			if base, ok := noteStripped(l.text); ok {
				// 规范性文件(行政机关制定发布的决定、公告……): a form that
				// explains its rows in brackets (武汉经开区卫健局 2020). The
				// note drowns the label, whose numbers then belong to no
				// row, or lends it words of another (其他主动公开文件(……除
				// 规范性文件以外……)).
				if hb := matchLabel(t, foldCell(base), group, wantRow); hb.score > h.score {
					h = hb
				}
			}
			if i+1 < len(labels) {
				joinedRow := i+1 == len(labels)-1 && numbersFollow
				if h2 := matchJoined(t, folded, labels[i+1].foldedLabel(), group, joinedRow); h2.score > h.score || (h.kind == "" && h2.kind != "") {
					h, l = h2, joinLabels(l, labels[i+1], false)
					i++
				}
			}
			if h.score < 1.02 && r.flow && ri+1 < len(rows) && len(r.values) == 0 && len(rows[ri+1].labels) == 1 {
				// One-cell-per-line tables wrap labels over lines
				// (本年新 / 制作数量, 8.属于行政 / 查询事项).
				next := rows[ri+1].labels[0]
				nextRow := ri+2 < len(rows) && len(rows[ri+2].labels) == 0 && countNonBlank(rows[ri+2].values) > 0 || countNonBlank(rows[ri+1].values) > 0
				if h2 := matchJoined(t, folded, next.foldedLabel(), group, nextRow); h2.score >= 0.9 && h2.score > h.score {
					h, l = h2, joinLabels(l, next, true)
					r.values = rows[ri+1].values
					ri++
				}
			}
			if h.kind == "" && hit.kind != "row" && !r.flow && i == len(labels)-1 && ri+1 < len(rows) && len(rows[ri+1].labels) > 0 && countNonBlank(rows[ri+1].values) == 0 {
				// A label cell split by a page break: the rest of the label
				// is the next row, which has no numbers of its own
				// (2.申请 / 人逾期未按收费通知要求缴纳费用…).
				next := rows[ri+1].labels[len(rows[ri+1].labels)-1]
				if h2 := matchJoined(t, folded, next.foldedLabel(), group, numbersFollow); h2.score >= 0.9 {
					h, l = h2, joinLabels(l, next, false)
					ri++
				}
			}
			if h.kind != "row" && hit.kind != "row" && i == len(labels)-1 && len(r.values) == 0 && ri+2 < len(rows) &&
				len(rows[ri+1].labels) == 1 && len(rows[ri+1].values) == 0 && len(rows[ri+2].labels) > 0 && countNonBlank(rows[ri+2].values) > 0 &&
				matchLabel(t, rows[ri+1].labels[0].foldedLabel(), group, false).kind == "group" {
				// A PDF's text laid out in columns prints a two-line group
				// cell's tail between the lines of a row label (2、申请人逾期
				// 未按收费通知要 / 他处理 / 求缴纳费用…处理 6 0 0 0 0 0 6,
				// 淮安市 2024): the label goes on past it, with its numbers.
				next := rows[ri+2].labels[0]
				if h2 := matchJoined(t, folded, next.foldedLabel(), group, true); h2.score >= 0.9 && h2.kind == "row" && h2.score > h.score {
					h, l = h2, joinLabels(l, next, false)
					r.values = rows[ri+2].values
					ri += 2
				}
			}
			if h.kind != "row" && i == len(labels)-1 && !numbersFollow {
				// A row present but left blank: its label is followed by
				// as many empty cells as the row has columns (（七）总计
				// with nothing filled), which a header cell is not.
				// Where the label also names a column or header (总计,
				// 其他), only the row's own numbering says it is the row:
				// a header cell followed by empty colspan cells is not.
				if h2 := matchLabel(t, l.foldedLabel(), group, true); h2.kind == "row" && h2.score >= h.score && cellsFollow(rows, ri) >= len(t.RowColumns(t.Row(h2.key))) &&
					(h.kind == "" || numbered(l.text, t.Row(h2.key).Number)) {
					h = h2
				}
			}
			switch h.kind {
			case "header", "column":
				tr.headers++
				if h.kind == "column" && h.score < weakLabel {
					tr.weak++
				}
				extend(l.span)
				if h.kind == "column" {
					tr.labels = append(tr.labels, labelRef{h, l})
					if l.block > 0 {
						colAt.set(colKey{l.block, h.key}, l.col)
					}
				}
			case "group":
				group = h.key
				tr.headers++
				extend(l.span)
				tr.labels = append(tr.labels, labelRef{h, l})
			case "row":
				hit, hitTok = h, l
			}
		}
		if hit.kind != "row" {
			continue
		}
		finish()
		spec := t.Row(hit.key)
		// A row label that is also a group label (2019: （六）其他处理 with
		// its own numbers) takes the group only when no numbers follow.
		if slab == nil {
			slab = make([]rowMatch, 0, len(t.Rows))
		}
		if len(slab) < cap(slab) {
			slab = append(slab, rowMatch{spec: spec, label: hitTok, flow: r.flow, want: len(t.RowColumns(spec))})
			cur = &slab[len(slab)-1]
		} else {
			cur = &rowMatch{spec: spec, label: hitTok, flow: r.flow, want: len(t.RowColumns(spec))}
		}
		if spec.Group != "" {
			group = spec.Group
		}
		tr.labels = append(tr.labels, labelRef{hit, hitTok})
		extend(hitTok.span)
		vals := r.values
		owned := false // vals is a slice of its own, not a part of the region's
		if under, ok := underHeaders(t, spec, r.values, colAt, &values); ok {
			vals, owned = under, true
		} else if !r.flow {
			// Leading blank cells beyond the row's width are the merged
			// label column; the rest are blank values and keep their place.
			k := 0
			for k < len(vals) && k < len(vals)-cur.want && vals[k].kind == tBlank {
				k++
			}
			vals = vals[k:]
		}
		if len(vals) > cur.want {
			if r.flow {
				tr.orphans += countNonBlank(vals[cur.want:])
			}
			vals = vals[:cur.want]
		}
		switch {
		case cur.values == nil && owned:
			cur.values = vals
		case cur.values == nil:
			cur.values = values.take(max(cur.want, len(vals)))
			fallthrough
		default:
			cur.values = append(cur.values, vals...)
		}
		for _, v := range vals {
			extend(v.span)
		}
		if !r.flow {
			finish()
		}
	}
	finish()
	return tr
}

// numbered reports whether label starts with the numbering num of its
// template row (（七）, 3.), whatever the width of its brackets and dots.
func numbered(label, num string) bool {
	if num == "" {
		return false
	}
	fold := strings.NewReplacer(" ", "", "\u3000", "", "（", "(", "）", ")", "．", ".", "、", ".")
	return strings.HasPrefix(fold.Replace(strings.TrimSpace(label)), fold.Replace(num))
}

type colKey struct {
	block int32
	col   string
}

// colPlaces maps column labels to their grid columns: a table has a few
// dozen at most, and a slice searched in order is cheaper than a map
// hashing a string at every row.
type colPlaces []colPlace

type colPlace struct {
	key colKey
	at  int32
}

func (p *colPlaces) set(k colKey, at int32) {
	for i := range *p {
		if (*p)[i].key == k {
			(*p)[i].at = at
			return
		}
	}
	*p = append(*p, colPlace{k, at})
}

func (p colPlaces) get(k colKey) (int32, bool) {
	for _, c := range p {
		if c.key == k {
			return c.at, true
		}
	}
	return 0, false
}

// underHeaders takes, for each column of row spec, the cell of vals that
// stands under that column's label in the same source grid. It reports
// false unless every column has its label in the grid and a cell under
// it: blank cells keep their column even where padding cells (a label
// column, an empty last column) make the row wider than the template.
func underHeaders(t *TableSpec, spec *RowSpec, vals []token, colAt colPlaces, slab *tokenSlab) ([]token, bool) {
	if len(vals) == 0 || vals[0].block == 0 {
		return nil, false
	}
	cols := t.RowColumns(spec)
	// The cells are picked by index first and copied once all are found:
	// most rows fail before.
	var ibuf [16]int
	picked := ibuf[:0]
	last := int32(-1)
	for _, ck := range cols {
		at, ok := colAt.get(colKey{vals[0].block, ck})
		if !ok || at <= last {
			return nil, false
		}
		last = at
		found := false
		for i, v := range vals {
			if v.col <= at && at < v.col+v.cols {
				if len(picked) > 0 && vals[picked[len(picked)-1]].span == v.span && v.kind != tBlank {
					return nil, false // one cell under two headers
				}
				picked = append(picked, i)
				found = true
				break
			}
		}
		if !found {
			return nil, false
		}
	}
	if len(picked) == 0 {
		return nil, true
	}
	out := slab.take(len(cols))
	for _, i := range picked {
		out = append(out, vals[i])
	}
	return out, true
}

// tokenSlab hands out the token lists of the rows read from one
// allocation: a list a row was a fifth of matching a table. Each list
// has the capacity asked for, so that appending past it copies the list
// rather than writing over the next one.
type tokenSlab struct {
	buf  []token
	size int // tokens a new allocation holds at least
}

// take returns an empty list of capacity n.
func (s *tokenSlab) take(n int) []token {
	if s.buf == nil || cap(s.buf)-len(s.buf) < n {
		s.buf = make([]token, 0, max(n, s.size))
	}
	l := len(s.buf)
	s.buf = s.buf[:l+n]
	return s.buf[l : l : l+n]
}

// cellsFollow counts the cells after the last label of row ri: the row's
// own, or for a flowed row the value lines up to the next label.
func cellsFollow(rows []srcRow, ri int) int {
	n := len(rows[ri].values)
	if !rows[ri].flow {
		return n
	}
	for k := ri + 1; k < len(rows) && len(rows[k].labels) == 0; k++ {
		for _, v := range rows[k].values {
			if v.kind != tSep {
				n++
			}
		}
	}
	return n
}

// countNonBlank is len(nonBlank(ts)), without making the slice.
func countNonBlank(ts []token) int {
	n := 0
	for _, t := range ts {
		if t.kind != tBlank && t.kind != tSep {
			n++
		}
	}
	return n
}

func nonBlank(ts []token) []token {
	var out []token
	for _, t := range ts {
		if t.kind != tBlank && t.kind != tSep {
			out = append(out, t)
		}
	}
	return out
}

// foldedPrefixOf is PrefixOf for folded labels, which hold only whole
// runes (Han characters and digits), so that a prefix in runes is a
// prefix in bytes: no []rune copies.
func foldedPrefixOf(a, b string) bool {
	if !strings.HasPrefix(b, a) {
		return false
	}
	na, nb := utf8.RuneCountInString(a), utf8.RuneCountInString(b)
	return na >= 3 && na < nb && 2*na >= nb
}

// headAbove reports whether a label cut in two by its cell stands here
// with its head on a line just above: a PDF's text laid out in columns
// prints a two-line cell's halves around the first row beside it, （三）不
// two lines above 予公开 (淮安市 2024). The head must end the first column
// of a line above, so a label that lost its first characters is still
// reported.
func headAbove(got, want, text string, at int) bool {
	if got == "" || len(got) >= len(want) || !strings.HasSuffix(want, got) {
		return false
	}
	head := want[:len(want)-len(got)]
	start := strings.LastIndexByte(text[:at], '\n')
	for n := 0; n < 3 && start > 0; n++ {
		prev := strings.LastIndexByte(text[:start], '\n')
		line := strings.TrimSpace(text[prev+1 : start])
		if i := strings.Index(line, "\t"); i > 0 {
			line = strings.TrimSpace(line[:i])
		}
		if i := strings.Index(line, "  "); i > 0 {
			line = line[:i] // （五）不      3.要求提供公开出版物  0 …: the cell is the first column
		}
		if f := Fold(line); f != "" && strings.HasSuffix(f, head) && !strings.HasSuffix(f, want) {
			return true
		}
		start = prev
	}
	return false
}

func labelUse(t *TableSpec, h labelHit, tok token, text string) LabelUse {
	raw := strings.TrimSpace(tok.text)
	rest, num := StripNumbering(raw)
	// A label token's folded text is FoldLabel of its text, which is
	// Fold(rest) unless white space other than ASCII (where the numbering
	// scan stops) leads it; a spec's canonical labels are folded once.
	got := tok.folded
	if got == "" || len(tok.text)-len(strings.TrimLeft(tok.text, " \t\n\f\r")) != len(tok.text)-len(strings.TrimLeftFunc(tok.text, unicode.IsSpace)) {
		got = Fold(rest)
	}
	want, ok := t.canonFolded[h.canon]
	if !ok {
		want = Fold(h.canon)
	}
	// Spaces, punctuation width and a label cut off by its cell (the rest
	// in the next one) are no deviation; missing or wrong characters are.
	deviates := !h.alias && got != want && !foldedPrefixOf(got, want) && !strings.Contains(got, want) &&
		!headAbove(got, want, text, tok.span.Start)
	return LabelUse{Table: t.Key, Key: h.key, Kind: h.kind, Raw: raw, Canonical: h.canon,
		Score: min(h.score, 1), Alias: h.alias, Span: tok.span,
		Deviates: deviates, Text: strings.TrimSpace(rest), Numbering: num}
}

// matchReview reads the review table, whose numbers usually sit in one
// row of fifteen below a header that carries all the labels.
func matchReview(t *TableSpec, rg *region) *tableResult {
	tr := matchTable(t, rg)
	if len(tr.rows) == len(t.Rows) {
		return tr
	}
	want := 0
	for _, r := range t.Rows {
		want += len(t.RowColumns(r))
	}
	headerSeen := tr.headers > 0
	cells, numbers := reviewCells(rg.rows, want)
	switch {
	case len(cells) == want && (numbers > 0 || headerSeen):
		// Every position is there, blank cells included: read by place.
	case countNonBlank(cells) == want:
		// Blanks the source did not keep, but every value is there.
		cells = nonBlank(cells)
	case len(cells) > want && countNonBlank(cells[want:]) == 0 && headerSeen:
		cells = cells[:want] // empty cells trailing the row
	case headerSeen && numbers >= want/3 && len(cells) == numbers:
		// A partial row with no blanks: the values fill the first
		// positions (a table cut off after its first numbers).
	default:
		// Without a recognisable header (labels split into single
		// characters, say) only a full set of numbers is trusted; and
		// where blanks were lost among values no value has a sure place.
		return tr
	}
	tr.rows = map[string]*rowMatch{}
	i := 0
	for _, r := range t.Rows {
		m := &rowMatch{spec: r, want: len(t.RowColumns(r))}
		for k := 0; k < m.want && i < len(cells); k++ {
			m.values = append(m.values, cells[i])
			i++
		}
		if len(m.values) > 0 {
			m.label = m.values[0]
			tr.rows[r.Key] = m
		}
	}
	for _, v := range cells[:i] {
		if v.span.End > v.span.Start {
			tr.span.End = max(tr.span.End, v.span.End)
		}
	}
	tr.found = true
	return tr
}

// reviewCells lists the value cells of the review table in reading order,
// blank cells in their place: the cells of grid rows that hold no label
// (blank ones too, for the grid keeps their column), and flowed values
// with the blank cells that empty lines stood for; an empty row is kept
// only when it has a cell for every column. numbers counts the
// cells that hold a value.
func reviewCells(rows []srcRow, want int) (cells []token, numbers int) {
	// The values follow the header: empty lines before it are layout.
	first := 0
	for i, r := range rows {
		if len(r.labels) > 0 {
			first = i + 1
		}
	}
	for _, r := range rows[first:] {
		if !r.flow && len(r.labels) > 0 {
			continue
		}
		if !r.flow && countNonBlank(r.values) == 0 && len(r.values) != want {
			continue // an empty spacer row; a full row of blanks is the unfilled value row
		}
		for _, v := range r.values {
			if v.kind == tSep {
				continue
			}
			cells = append(cells, v)
			if v.kind == tValue {
				numbers++
			}
		}
	}
	return cells, numbers
}

// readTables finds the three tables, picks the template each follows, and
// fills r.Tables and r.Cells.
func readTables(r *Report, doc *extract.Document) {
	r.Tables = make(map[string]*Table, 3)
	r.Cells = make(map[string]*Cell, 256) // the three tables have about 200 cells
	keys := TableKeys()
	results := map[string]*tableResult{}
	uses := 0 // label uses of the readings kept, about
	templates := map[string]string{}
	// Every spec's reading, for the template chosen in the end.
	read := map[*TableSpec]*tableResult{}
	preferred := preferredTemplate(r)
	// unread holds the span of each table whose labels were read but not
	// one row of its numbers: it is there, out of order.
	var unread map[string]extract.Span
	for _, key := range keys {
		start, end, ok := tableRegion(r, doc, key)
		var best *tableResult
		values := 0
		if ok {
			rg := newRegion(doc, start, end)
			values = countNonBlank(rg.toks) - rg.labels
			for _, p := range Profiles() {
				t := p.Table(key)
				if t == nil {
					continue
				}
				var res *tableResult
				if key == "review" {
					res = matchReview(t, rg)
				} else {
					res = matchTable(t, rg)
				}
				read[t] = res
				if best == nil || res.score() > best.score() || (res.score() == best.score() && p.Template == preferred) {
					best = res
					templates[key] = p.Template
				}
			}
		}
		if best == nil || len(best.rows) == 0 {
			if best != nil && best.found && best.headers >= 2 && values >= widestRow(best.spec) {
				// Its column labels and as many numbers as a row has, but
				// no row read: a table printed out of order, not a table
				// left out (pdftotext without -layout of 淮安市 2024 and
				// 淮安市洪泽区 2023, 2024: 表四's labels and numbers
				// interleaved, a false ST104 in each).
				if unread == nil {
					unread = map[string]extract.Span{}
				}
				unread[key] = best.span
			}
			delete(templates, key)
			continue
		}
		results[key] = best
		uses += len(best.labels)
	}
	// A table counted there out of order must not be the numbers of
	// another table read in its rows: the page of 沭阳县发改局 2023 that
	// holds 表三 alone gave 表四's region 表三's numbers and 总计, and
	// 表四 was taken as found, out of order (a false ST112).
	for key, span := range unread {
		for other, res := range results {
			if other != key && len(res.rows) > 0 && span.Start < res.span.End && res.span.Start < span.End {
				delete(unread, key)
				break
			}
		}
	}
	if uses > 0 {
		r.Labels = make([]LabelUse, 0, uses)
	}
	// The report follows the template of its first table read; a table
	// whose rows fit both templates equally takes the report's.
	r.Template = ""
	for _, key := range keys {
		if tpl, ok := templates[key]; ok && results[key].decisive() {
			r.Template = tpl
			r.TemplateBasis = TemplateBasis{Table: key, Keys: results[key].evidence()}
			break
		}
	}
	if r.Template == "" {
		r.Template = preferredTemplate(r)
		r.TemplateBasis = TemplateBasis{Year: r.Year}
	}
	for _, key := range keys {
		res := results[key]
		tpl := r.Template
		if res != nil && res.decisive() {
			tpl = templates[key]
		}
		p := ProfileFor(tpl)
		spec := p.Table(key)
		if res != nil && res.spec != spec {
			// The reading under the chosen template's spec.
			if again, ok := read[spec]; ok {
				res = again
			} else {
				start, end, _ := tableRegion(r, doc, key)
				rg := newRegion(doc, start, end)
				if key == "review" {
					res = matchReview(spec, rg)
				} else {
					res = matchTable(spec, rg)
				}
			}
		}
		tbl := &Table{Key: key, Template: tpl}
		r.Tables[key] = tbl
		cells := spec.cellKeys()
		slab := make([]Cell, cells.n)
		// tableCells are the table's cells in slab order, the keys of
		// spec.Rows and their columns in turn (unique: a spec prints each
		// cell once), looked up by place rather than by key.
		tableCells := slab
		for i, rs := range spec.Rows {
			for j, col := range spec.RowColumns(rs) {
				c := &slab[0]
				slab = slab[1:]
				*c = Cell{Key: cells.keys[i][j], Table: key, Row: rs.Key, Col: col, State: StateMissing,
					Spec: CellSpec{Table: spec, Row: rs, Col: cells.cols[i][j]}}
				r.Cells[c.Key] = c
			}
		}
		if res == nil || len(res.rows) == 0 {
			tbl.Template = ""
			if span, ok := unread[key]; ok {
				tbl.Found, tbl.Span = true, span
				disorder(r, tbl)
			}
			continue
		}
		tbl.Found, tbl.Span = true, res.span
		r.Labels = slices.Grow(r.Labels, len(res.labels))
		for _, l := range res.labels {
			r.Labels = append(r.Labels, labelUse(spec, l.hit, l.tok, doc.Text))
		}
		var values []float64 // for the cells of the table, handed out in turn
		lastFound := -1
		for i, rs := range spec.Rows {
			if _, ok := res.rows[rs.Key]; ok {
				lastFound = i
			}
		}
		for ri, rs := range spec.Rows {
			rowCells := tableCells[:len(cells.keys[ri])]
			tableCells = tableCells[len(cells.keys[ri]):]
			m, ok := res.rows[rs.Key]
			if !ok {
				tbl.MissingRows = append(tbl.MissingRows, rs.Key)
				continue
			}
			if tbl.RowLabels == nil {
				tbl.RowLabels = map[string]extract.Span{}
			}
			tbl.RowLabels[rs.Key] = m.label.span
			cols := spec.RowColumns(rs)
			if len(values) < len(cols) {
				values = make([]float64, cells.n) // the table's, from the first row found
			}
			for ci, ck := range cols {
				c := &rowCells[ci]
				if ci >= len(m.values) {
					if tbl.MissingCols == nil {
						tbl.MissingCols = map[string][]string{}
					}
					tbl.MissingCols[rs.Key] = append(tbl.MissingCols[rs.Key], ck)
					continue
				}
				v := m.values[ci]
				parseCell(c, v.text, &values[0])
				values = values[1:]
				c.Span = v.span
			}
			ext := m.label.span
			for _, v := range m.values {
				if v.span.End > ext.End {
					ext.End = v.span.End
				}
			}
			if tbl.Rows == nil {
				tbl.Rows = map[string]extract.Span{}
			}
			tbl.Rows[rs.Key] = ext
		}
		tbl.Unfilled = unfilled(r, key)
		tbl.Truncated = len(tbl.MissingRows) > 0 && lastFound >= 0 && lastFound < len(spec.Rows)-1 &&
			tailMissing(spec, res, lastFound)
		if key != "review" && (res.orphans > widestRow(spec) || res.orphans > 0 && len(tbl.MissingCols) > 0) {
			disorder(r, tbl)
		}
	}
	if len(r.Labels) == 0 {
		r.Labels = nil // none read, as before any was made room for
	}
}

// widestRow is the most cells a row of t has.
func widestRow(t *TableSpec) int {
	n := 0
	for _, rs := range t.Rows {
		n = max(n, len(t.RowColumns(rs)))
	}
	return n
}

// disorder marks tbl as read out of order: more values stood where no
// row could take them than a row holds, or some did while a row read
// lacks cells, so the text did not keep each row's numbers after its
// label. pdftotext without -layout prints a
// WPS table's cells in the order they were drawn, column by column or
// with a row's label pages away from its numbers (淮安市洪泽区 2023 and
// 2024: 105 values no row took, 19 false ST105 and a false TB103), and
// which number is whose is not known. No cell of it is taken as read
// and none is missing: its sums and its rows are not checked, its labels
// still are.
func disorder(r *Report, tbl *Table) {
	tbl.Disordered = true
	tbl.MissingRows, tbl.MissingCols, tbl.Truncated, tbl.Unfilled = nil, nil, false, false
	for _, c := range r.Cells {
		if c.Table == tbl.Key {
			c.State, c.Value, c.Unit, c.Raw, c.Span = StateMissing, nil, "", "", extract.Span{}
		}
	}
}

// unfilled reports whether every cell of table key that was read is
// blank, or whether no row of it has a value at all: a page that copies
// a table one cell per line drops its blank cells, and keeps only the
// labels of a table left empty (佳县螅镇 2022: 25 rows, not one value).
func unfilled(r *Report, key string) bool {
	read, missing := 0, 0
	for _, c := range r.Cells {
		if c.Table != key {
			continue
		}
		switch c.State {
		case StateMissing:
			missing++
		case StateBlank:
			read++
		default:
			return false
		}
	}
	return read > 0 || missing > 0 && len(r.Tables[key].Rows) >= 2
}

// decisive reports whether the table shows which template it follows:
// rows or column labels found that another template's table lacks.
func (tr *tableResult) decisive() bool {
	return len(tr.evidence()) > 0
}

// evidence lists, sorted, the keys of the rows and column labels found
// that another template's table lacks.
func (tr *tableResult) evidence() []string {
	if tr == nil {
		return nil
	}
	if !tr.evDone {
		tr.ev, tr.evDone = tr.findEvidence(), true
	}
	return tr.ev
}

func (tr *tableResult) findEvidence() []string {
	var keys []string
	for _, p := range Profiles() {
		other := p.Table(tr.spec.Key)
		if other == nil || other == tr.spec {
			continue
		}
		for k := range tr.rows {
			if other.Row(k) == nil {
				keys = append(keys, tr.spec.Key+"."+k)
			}
		}
		for _, l := range tr.labels {
			if l.hit.kind == "column" && other.Column(l.hit.key) == nil {
				keys = append(keys, tr.spec.Key+"."+l.hit.key)
			}
		}
	}
	slices.Sort(keys)
	return slices.Compact(keys)
}

func tailMissing(spec *TableSpec, res *tableResult, lastFound int) bool {
	for _, rs := range spec.Rows[lastFound+1:] {
		if _, ok := res.rows[rs.Key]; ok {
			return false
		}
	}
	return true
}

// preferredTemplate is the template the reporting year calls for.
func preferredTemplate(r *Report) string {
	return TemplateFor(r.Year)
}

// tableRegion is where to look for a table: its section's body when the
// section was found; otherwise the stretch between the neighbouring
// sections found, or the whole document.
func tableRegion(r *Report, doc *extract.Document, key string) (start, end int, ok bool) {
	if s := r.Section(key); s != nil && !s.Missing && !s.HeadingMissing {
		return s.Body.Start, s.Body.End, true
	}
	start, end = 0, len(doc.Text)
	idx := -1
	for i, s := range r.Sections {
		if s.Key == key {
			idx = i
		}
	}
	for j := idx - 1; j >= 0; j-- {
		if p := r.Sections[j]; !p.Missing {
			start = p.Span.End
			// The previous table section keeps its own table.
			if p.Key == "active" || p.Key == "requests" {
				start = p.Body.End
			}
			break
		}
	}
	for j := idx + 1; j < len(r.Sections); j++ {
		if n := r.Sections[j]; !n.Missing {
			end = n.Span.Start
			break
		}
	}
	if end <= start {
		return 0, 0, false
	}
	return start, end, true
}

// definedTerm reports whether text opens with a term and a colon, the
// rest defining it (规章:地方行政规章指……。规章的名称一般称……, 长春经开区
// 文教局 2020): a row label a form explains in sentences of its own.
func definedTerm(text string) bool {
	i := strings.IndexAny(text, ":：")
	return i > 0 && utf8.RuneCountInString(text[:i]) <= 8
}

// noteStripped returns text without the note in brackets that ends it,
// when the note is longer than what stands before it (规章(设区的市、自治州
// 人民政府应提供相关数据)): the label the form explains. A label whose
// brackets are part of its name, shorter than the name (部分公开（区分处
// 理的……）is longer, but it matches as it is and is never retried), is
// left alone.
func noteStripped(text string) (string, bool) {
	t := strings.TrimRight(text, " \t|")
	if definedTerm(t) {
		// 规章:地方行政规章指……: the term before the colon.
		i := strings.IndexAny(t, ":：")
		if base := strings.TrimSpace(t[:i]); utf8.RuneCountInString(base) >= 2 {
			return base, true
		}
	}
	if !strings.HasSuffix(t, ")") && !strings.HasSuffix(t, "）") {
		return "", false
	}
	depth := 0
	for i := len(t); i > 0; {
		r, size := utf8.DecodeLastRuneInString(t[:i])
		i -= size
		switch r {
		case ')', '）':
			depth++
		case '(', '（':
			depth--
			if depth == 0 {
				base := strings.TrimSpace(t[:i])
				if utf8.RuneCountInString(base) < 2 || utf8.RuneCountInString(t[i:]) <= utf8.RuneCountInString(base) {
					return "", false
				}
				return base, true
			}
		}
	}
	return "", false
}
