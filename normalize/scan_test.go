package normalize_test

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nianbao/nianbao/internal/numtok"
	"github.com/nianbao/nianbao/normalize"
)

// scanLines lists lines to hold a hand-written scanner to the regexp it
// replaces: every line of the real corpus, of the real sentences of
// validate/testdata/real and of the text of damaged generated reports,
// each also with its leading numbering removed (StripNumbering reads on
// from there); and every combination of the pieces numbering is made of.
// texts are the whole texts the lines come from.
func scanLines(tb testing.TB) (lines, texts []string) {
	tb.Helper()
	scanOnce.Do(func() { scanned.lines, scanned.texts = readScanLines(tb) })
	return slices.Clone(scanned.lines), slices.Clone(scanned.texts)
}

// scanned holds scanLines' answer: reading the corpus once is enough for
// all the scanner tests.
var (
	scanOnce sync.Once
	scanned  struct{ lines, texts []string }
)

func readScanLines(tb testing.TB) (lines, texts []string) {
	docs := realDocs(tb)
	for k, v := range damagedDocs(tb, 10) {
		docs[k] = v
	}
	for _, doc := range docs {
		texts = append(texts, doc.Text)
	}
	files, _ := filepath.Glob("../validate/testdata/real/*")
	more, _ := filepath.Glob("../validate/testdata/real/*/*")
	for _, p := range append(files, more...) {
		if b, err := os.ReadFile(p); err == nil {
			texts = append(texts, string(b))
		}
	}
	seen := map[string]bool{}
	var out []string
	add := func(s string) {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	for _, text := range texts {
		sc := bufio.NewScanner(strings.NewReader(text))
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			line := sc.Text()
			add(line)
			// The cells of a tabbed line, and the line after each
			// numbering the regexp finds.
			for _, cell := range strings.Split(line, "\t") {
				add(cell)
			}
			for rest := line; ; {
				loc := normalize.NumberingRE.FindStringIndex(rest)
				if loc == nil || loc[1] == 0 {
					break
				}
				rest = rest[loc[1]:]
				add(rest)
			}
		}
	}
	pieces := []string{"", " ", "  ", "\t", "\u3000", "（", "(", "）", ")", "一", "六", "十", "二十", "一二三四", "0", "12", "123", "、", ".", "．", ",", "，", "：", "。", "；", "其他", "\n", "\xff"}
	var b bytes.Buffer
	for _, a := range pieces {
		for _, c := range pieces {
			for _, d := range pieces {
				for _, e := range pieces {
					b.Reset()
					b.WriteString(a + c + d + e + "规章")
					add(b.String())
				}
			}
		}
	}
	return out, texts
}

// TestNumberingEnd_SameAsRegexp: the numbering scanner ends where the
// pattern it replaces ends its match, on every line.
func TestNumberingEnd_SameAsRegexp(t *testing.T) {
	lines, _ := scanLines(t)
	require.Greater(t, len(lines), 100000)
	bad := 0
	for _, l := range lines {
		want := 0
		if loc := normalize.NumberingRE.FindStringIndex(l); loc != nil {
			want = loc[1]
		}
		if got := normalize.NumberingEnd(l); got != want {
			bad++
			if bad < 20 {
				t.Errorf("%q: scanner ends at %d, regexp at %d", l, got, want)
			}
		}
	}
}

// TestHeadingNumber_SameAsRegexp: the section number scanner reads what
// headingAt matches, on every line.
func TestHeadingNumber_SameAsRegexp(t *testing.T) {
	bad := 0
	lines, _ := scanLines(t)
	for _, l := range lines {
		want, wantOK := "", false
		if m := normalize.HeadingAtRE.FindStringSubmatch(l); m != nil {
			want, wantOK = m[1], true
		}
		if got, ok := normalize.HeadingNumber(l); got != want || ok != wantOK {
			bad++
			if bad < 20 {
				t.Errorf("%q: scanner reads %q %v, regexp %q %v", l, got, ok, want, wantOK)
			}
		}
	}
}

// TestInlineHeadings_SameAsRegexp: the inline heading scanner finds the
// numerals inlineHeading finds, on every line and on whole texts.
func TestInlineHeadings_SameAsRegexp(t *testing.T) {
	lines, texts := scanLines(t)
	// Whole texts too, and each with its line breaks lost.
	for _, text := range texts {
		lines = append(lines, text, strings.ReplaceAll(text, "\n", ""))
	}
	// Made-up edges: the start, adjacent matches, spaces either side.
	lines = append(lines, "一、", " 一、", "一 、二、 三 ．", "。四.五、", "；六、", "\t一、\n二．", "一一、", "x 一 . 一、",
		"七、", "。。一、", "一、。二、", "一、 二、", "  一  、", "一", "、", "。一", " 二\xff、", "\xe3。三、", "；；四 \t．五、六、")
	bad := 0
	for _, l := range lines {
		var want []int
		for _, loc := range normalize.InlineHeadingRE.FindAllStringSubmatchIndex(l, -1) {
			want = append(want, loc[2])
		}
		if got := normalize.InlineHeadings(l); !slices.Equal(got, want) {
			bad++
			if bad < 20 {
				t.Errorf("%q: scanner finds %v, regexp %v", l, got, want)
			}
		}
	}
}

// TestQuickKind_SameAsNumtok: where quickKind answers, it answers what
// numtok.Classify does, and a cell it reads gets the state and value
// numtok.Parse gives; on every line and cell of the real and generated
// texts and on made-up numbers.
func TestQuickKind_SameAsNumtok(t *testing.T) {
	lines, _ := scanLines(t)
	for _, s := range []string{"0", "00", "007", " 12 ", "12\u3000", "\u00a012", "1,234", "1.5", "12件", "-1", "+3", "１２", "12 3",
		strings.Repeat("9", 400), "999999999999999", "9999999999999999", "000000000000000123", "123456789012345", "无", "暂无", "空", "空白", "无法提供", "—", "/", "O", "l2", "12a", "\t", "",
		"（一）", "(一)", "／", "－1", "－", "～", "＋1", "+", "\\", "\u3000（一）", "１", "a", "!", "！", "–", "~~", "·", "\xff",
		"1.属于国家秘密", "1、本机关", "12件5", "3万元", "2.万", "1,2.属于", "1．属于", "12 属于", "—/ ", "—\u3000", " 无 ", "暂无\u3000", "无法",
		"——", "--5", "—5", "-", "/—~\\", "空白", "暂", "\u00a0—", "－－", "—　—", "1.\xff", "7人次", "3 万元"} {
		lines = append(lines, s)
	}
	answered := 0
	for _, s := range lines {
		k, digits, ok := normalize.QuickKind(s)
		if !ok {
			continue
		}
		answered++
		require.Equal(t, numtok.Classify(s), k, "%q", s)
		c := normalize.ParseCell(s)
		switch k {
		case numtok.Blank:
			require.Equal(t, normalize.StateBlank, c.State, "%q", s)
		case numtok.Dash:
			require.Equal(t, normalize.StateDash, c.State, "%q", s)
		case numtok.Text:
			_, _, ok := numtok.Parse(s)
			require.False(t, ok, "%q", s)
			require.Equal(t, normalize.StateUnreadable, c.State, "%q", s)
		}
		if k != numtok.Number {
			continue
		}
		v, unit, ok := numtok.Parse(s)
		if !ok {
			require.Equal(t, normalize.StateUnreadable, c.State, "%q", s)
			continue
		}
		require.Equal(t, normalize.StateNumber, c.State, "%q", s)
		require.Equal(t, v, *c.Value, "%q", s)
		require.Equal(t, unit, c.Unit, "%q", s)
		require.NotEmpty(t, digits)
	}
	require.Greater(t, answered, 10000)
}

// TestPeriodMatches_SameAsRegexp: the period scanner finds what periodRE
// finds, groups included, in every real and generated text and line,
// and in made-up ranges.
func TestPeriodMatches_SameAsRegexp(t *testing.T) {
	all, texts := scanLines(t)
	// The lines with a 月 (no match lacks one) and the whole texts.
	var lines []string
	for _, l := range all {
		if strings.Contains(l, "月") {
			lines = append(lines, l)
		}
	}
	lines = append(lines, texts...)
	parts := []string{"", "2023", "2023年", "2023 年 ", "12023年", "1", "12", "123", " ", "月", " 月 ", "1日", "31", "日", "起", "，", ",", "至", "-", "～", "到", "\n", "年"}
	for _, a := range parts {
		for _, b := range parts {
			for _, c := range parts {
				lines = append(lines, a+b+"1月"+c+"1日"+b+"至"+a+"12月31日", "自"+a+"1月1"+c+b+"-"+a+"12"+c+"月31日")
			}
		}
	}
	found := 0
	for _, l := range lines {
		want := normalize.PeriodRE.FindAllStringSubmatchIndex(l, -1)
		got := normalize.PeriodMatches(l)
		found += len(want)
		require.Equal(t, want, got, "%q", l)
	}
	require.Greater(t, found, 300)
}

// TestContactFind_SameAsRegexp: each contact line's anchored finder
// finds what its regexp finds, in every real and generated text.
func TestContactFind_SameAsRegexp(t *testing.T) {
	all, texts := scanLines(t)
	// The lines that hold an anchor, and the whole texts.
	var lines []string
	for _, l := range all {
		if strings.ContainsAny(l, "址编編话話箱") || strings.Contains(l, "mail") {
			lines = append(lines, l)
		}
	}
	lines = append(lines, texts...)
	for _, pre := range []string{"通讯地址：北京市", "地 址:某路1号", "邮政编码 100000", "邮 编：１０００００", "郵編:100000", "联系电话：010-12345678", "电 话 010 1234 5678", "電話 12345678",
		"电子邮箱：a@b.cn", "E-mail: x.y@z.gov.cn", "email a@b", "电子信箱 a@b.c", "郵箱 a@b"} {
		lines = append(lines, pre, "其他"+pre, pre+"；"+pre)
	}
	// Addresses about addrRE's bound of 60 characters, which addrScan
	// applies itself.
	for _, n := range []int{0, 1, 2, 3, 59, 60, 61, 62, 90, 130} {
		for _, body := range []string{strings.Repeat("路", n), strings.Repeat("a ", n), strings.Repeat("号\t", n)} {
			body = string([]rune(body)[:n])
			lines = append(lines, "地址："+body, "通讯地址:  "+body+"。地 址："+body+"x", "地址："+body+"；邮编", "地址：\n"+body)
		}
	}
	found := 0
	for _, l := range lines {
		for i, re := range normalize.ContactREs {
			want := re.FindStringSubmatchIndex(l)
			if want != nil {
				found++
			}
			require.Equal(t, want, normalize.ContactFinds[i](l), "%s on %q", re, l)
		}
	}
	require.Greater(t, found, 100)
}

// TestYearFirst_SameAsRegexp: the check before yearFirstRE turns away
// no line that it matches.
func TestYearFirst_SameAsRegexp(t *testing.T) {
	lines, _ := scanLines(t)
	lines = append(lines, "2024年上海市科委政府信息公开工作年度报告", " \t2024 年度 某局政府信息公开", "\n2024年某局政 府信息公开", "\v2024年某局政府信息公开", "２０２４年某局政府信息公开", "202年某局政府信息公开", "")
	found := 0
	for _, l := range lines {
		want := normalize.YearFirstRE.FindStringSubmatchIndex(l)
		if want != nil {
			found++
		}
		require.Equal(t, want, normalize.YearFirst(l), "%q", l)
	}
	require.Greater(t, found, 3)
}

// TestFold_SameAsRef: Fold, which returns a folded label as it is and
// copies the others from their first change, gives what building every
// label anew gives, on every line and cell (traditional characters,
// full-width digits and broken UTF-8 among them).
func TestFold_SameAsRef(t *testing.T) {
	lines, _ := scanLines(t)
	lines = append(lines, "總計１２", "开放", "\xff总计", "总\xff计", "12", "")
	for _, l := range lines {
		require.Equal(t, normalize.RefFold(l), normalize.Fold(l), "%q", l)
	}
}

// TestQuotedMatches_SameAsRegexp: the quoted-name scanner finds what
// quotedRE finds, in every real and generated text and line, and in
// made-up quotes of every length.
func TestQuotedMatches_SameAsRegexp(t *testing.T) {
	lines, texts := scanLines(t)
	lines = append(lines, texts...)
	for n := 0; n <= 14; n++ {
		body := strings.Repeat("名", n)
		lines = append(lines, "“"+body+"”", "“"+body+"“"+body+"”", "““"+body+"””", "“"+body+"\n”", "“\xff"+body+"”", "a“"+body)
	}
	found := 0
	for _, l := range lines {
		want := normalize.QuotedRE.FindAllStringSubmatchIndex(l, -1)
		found += len(want)
		require.Equal(t, want, normalize.QuotedMatches(l), "%q", l)
	}
	require.Greater(t, found, 100)
}
