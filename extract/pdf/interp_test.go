package pdf

import (
	"bytes"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"

	lpdf "github.com/ledongthuc/pdf"
	"github.com/stretchr/testify/require"

	"github.com/nianbao/nianbao/internal/fixtures"
)

// interpCases are content streams that take the interpreter's odd paths:
// PostScript dictionary operators, operands that lpdf drops, nesting past
// its limit, numbers it cannot parse.
var interpCases = []string{
	"BT /F1 12 Tf 100 742 Td (Hello) Tj /F2 10 Tf <00FE00FF01000101> Tj ET",
	"[(A) -1000 (B) 2.5 <0041>] TJ (C) ' 1 2 (D) \" T*",
	"/Span <</ActualText (x\\051y) /MCID 3 /A [1 [2 /B] null true] >> BDC EMC",
	"<< /A >> 1 2 << 3 4 >> Tj << /K [ (x) Tj ] >> Tj [ (a) Tj ] TJ ] ] >> >> null",
	"5 dict begin /Tj /Foo def 1 Tj end 2 Tj currentdict 3 pop pop 4 5 pop def",
	"1 dict begin currentdict /X 1 def X end X (a) def",
	"end", "currentdict", "1 begin", "/x begin",
	"1. .5 -.5 +.5 +3 -0 00012 1.2.3 +-5 - + 123456789012345 1e5 Tj",
	"1 2 .  Tj", "-. Tj", "-0 -0.0 +0 0.000 -.0 123456789012345.5 1234567890.12345 0.1 0.7 -3.14159 .000000000000001 Tj", "[ . ] Tj", "<< /A . >> Tj",
	"(a\\\n b\\\r\nc\\\rd\\101\\0\\12x\\\\\\(\\)\\n\\r\\t\\b\\f(nested) ) Tj (unclosed",
	"(ends in escape\\",
	"(ends in octal\\12",
	"/Na#6De /a#20b /#41 /x#4 Tj",
	"<41 42\n43> <4> <> Tj",
	"{ } 1 { 2 } Tj",
	"true false null Tj",
	"BI /W 4 /H 4 /CS /G /BPC 8 ID \x00\x01)\x02 EI Q",
	"% comment\n1 0 0 1 0 0 cm % more\nq Q",
	"q 10 0 0 10 100 100 cm 0.95 g 0 0 1 1 re f 1 0 0 RG 0 0 m 10 0 l S Q",
	strings.Repeat("[", 1500) + " 1 " + strings.Repeat("]", 1500) + " Tj",
	strings.Repeat("<< /A ", 1200) + strings.Repeat(">> ", 1200) + " Tj",
	strings.Repeat("(", 50) + "deep" + " Tj",
	"1 2 3 99999999999999999999999999999999999999999 Tj 1" + strings.Repeat("0", 400) + ".5 Tj",
	")",
	"> x >",
}

// TestInterpret_MatchesLpdf checks that interpret gives every operator
// the operands lpdf.Interpret gives it, and stops where it stops, on the
// content streams of the test PDFs and on interpCases.
func TestInterpret_MatchesLpdf(t *testing.T) {
	var streams [][]byte
	for _, c := range interpCases {
		streams = append(streams, []byte(c))
	}
	names := fixtures.Glob(t, "*.pdf")
	// NIANBAO_PDF_DIR adds the PDFs of a folder (more than the
	// repository keeps).
	if dir := os.Getenv("NIANBAO_PDF_DIR"); dir != "" {
		more, err := os.ReadDir(dir)
		require.NoError(t, err)
		for _, e := range more {
			if strings.HasSuffix(e.Name(), ".pdf") {
				names = append(names, dir+"/"+e.Name())
			}
		}
	}
	files := 0
	for _, name := range names {
		src, err := os.ReadFile(name)
		require.NoError(t, err)
		if s := contentStreams(src); len(s) > 0 {
			files++
			streams = append(streams, s...)
		}
	}
	require.Greater(t, files, 5, "PDFs whose content streams could be read")
	for i, data := range streams {
		clean, err := cleanContent(data)
		if err != nil {
			continue
		}
		want := traceLpdf(clean)
		got := traceOurs(clean)
		if want != got {
			t.Errorf("stream %d (%.60q): interpret differs from lpdf.Interpret\nlpdf: %.2000s\nours: %.2000s", i, data, want, got)
		}
	}
}

// FuzzInterpret compares interpret with lpdf.Interpret on cleaned content.
func FuzzInterpret(f *testing.F) {
	for _, c := range interpCases {
		f.Add([]byte(c))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		clean, err := cleanContent(data)
		if err != nil {
			return
		}
		if want, got := traceLpdf(clean), traceOurs(clean); want != got {
			t.Errorf("interpret differs from lpdf.Interpret on %q\nlpdf: %s\nours: %s", clean, want, got)
		}
	})
}

// contentStreams decodes the content streams of a PDF's pages and of the
// form XObjects they name, as prepare does.
func contentStreams(src []byte) (out [][]byte) {
	defer func() {
		if recover() != nil {
			out = nil
		}
	}()
	src = repair(src)
	r, err := lpdf.NewReader(bytes.NewReader(src), int64(len(src)))
	if err != nil {
		return nil
	}
	st := &state{maxDecoded: 1 << 30, maxMem: 1 << 40}
	for i := 1; i <= r.NumPage() && i <= 60; i++ {
		p := r.Page(i).V
		out = append(out, bytes.Clone(st.prepare(p.Key("Contents"))))
		xo := p.Key("Resources").Key("XObject")
		for _, k := range xo.Keys() {
			if x := xo.Key(k); x.Key("Subtype").Name() == "Form" {
				out = append(out, bytes.Clone(st.prepare(x)))
			}
		}
	}
	return out
}

// traceLpdf runs lpdf.Interpret on a cleaned stream, wrapped in a PDF
// file as the reader did before interpret: each operator with its
// operands, then how it ended.
func traceLpdf(clean []byte) (trace string) {
	var sb strings.Builder
	defer func() {
		fmt.Fprintf(&sb, "end %v", recover())
		trace = sb.String()
	}()
	lpdf.Interpret(lpdfStream(clean), func(stk *lpdf.Stack, op string) {
		args := make([]lpdf.Value, stk.Len())
		for i := len(args) - 1; i >= 0; i-- {
			args[i] = stk.Pop()
		}
		sb.WriteString(op)
		for _, a := range args {
			sb.WriteByte(' ')
			writeLpdfValue(&sb, a)
		}
		sb.WriteByte('\n')
	})
	return ""
}

func traceOurs(clean []byte) (trace string) {
	var sb strings.Builder
	defer func() {
		fmt.Fprintf(&sb, "end %v", recover())
		trace = sb.String()
	}()
	interpret(clean, func(args []operand, op string) {
		sb.WriteString(op)
		for _, a := range args {
			sb.WriteByte(' ')
			writeOperand(&sb, a)
		}
		sb.WriteByte('\n')
	})
	return ""
}

func writeLpdfValue(sb *strings.Builder, v lpdf.Value) {
	switch v.Kind() {
	case lpdf.Null:
		sb.WriteString("null")
	case lpdf.Bool:
		fmt.Fprintf(sb, "%v", v.Bool())
	case lpdf.Integer:
		fmt.Fprintf(sb, "i%v", v.Float64())
	case lpdf.Real:
		fmt.Fprintf(sb, "r%v", v.Float64())
	case lpdf.String:
		fmt.Fprintf(sb, "%q", v.RawString())
	case lpdf.Name:
		fmt.Fprintf(sb, "/%q", v.Name())
	case lpdf.Array:
		sb.WriteByte('[')
		for i := 0; i < v.Len(); i++ {
			writeLpdfValue(sb, v.Index(i))
			sb.WriteByte(' ')
		}
		sb.WriteByte(']')
	case lpdf.Dict:
		keys := v.Keys()
		sort.Strings(keys)
		sb.WriteString("<<")
		for _, k := range keys {
			fmt.Fprintf(sb, "/%q ", k)
			writeLpdfValue(sb, v.Key(k))
			sb.WriteByte(' ')
		}
		sb.WriteString(">>")
	default:
		fmt.Fprintf(sb, "?%v", v.Kind())
	}
}

func writeOperand(sb *strings.Builder, v operand) {
	switch v.Kind() {
	case lpdf.Null:
		sb.WriteString("null")
	case lpdf.Bool:
		fmt.Fprintf(sb, "%v", v.num != 0)
	case lpdf.Integer:
		fmt.Fprintf(sb, "i%v", v.Float64())
	case lpdf.Real:
		fmt.Fprintf(sb, "r%v", v.Float64())
	case lpdf.String:
		fmt.Fprintf(sb, "%q", v.RawString())
	case lpdf.Name:
		fmt.Fprintf(sb, "/%q", v.Name())
	case lpdf.Array:
		sb.WriteByte('[')
		for i := 0; i < v.Len(); i++ {
			writeOperand(sb, v.Index(i))
			sb.WriteByte(' ')
		}
		sb.WriteByte(']')
	case lpdf.Dict:
		keys := make([]string, 0, len(v.dict))
		for k := range v.dict {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		sb.WriteString("<<")
		for _, k := range keys {
			fmt.Fprintf(sb, "/%q ", k)
			writeOperand(sb, v.dict[k])
			sb.WriteByte(' ')
		}
		sb.WriteString(">>")
	default:
		fmt.Fprintf(sb, "?%v", v.Kind())
	}
}

// lpdfStream makes a stream Value of data, a minimal file holding one
// uncompressed stream (lpdf builds Values only from files).
func lpdfStream(data []byte) lpdf.Value {
	var b bytes.Buffer
	b.WriteString("%PDF-1.7\n")
	obj := b.Len()
	fmt.Fprintf(&b, "1 0 obj\n<</Length %d>>\nstream\n", len(data))
	b.Write(data)
	b.WriteString("\nendstream\nendobj\n")
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 2\n0000000000 65535 f \n%010d 00000 n \ntrailer\n<</Size 2/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n", obj, xref)
	r, err := lpdf.NewReader(bytes.NewReader(b.Bytes()), int64(b.Len()))
	if err != nil {
		panic(err)
	}
	return r.Trailer().Key("Root")
}

// TestInterpret_Allocs guards what made interpret faster than
// lpdf.Interpret: numbers, names, operators and strings without escapes
// allocate nothing; a TJ array is one allocation and a hex string's
// bytes share one growing buffer.
func TestInterpret_Allocs(t *testing.T) {
	page := []byte(strings.Repeat("BT /F1 12 Tf 1 0 0 1 72.5 700 Tm (abc) Tj <00410042> Tj [(a) -120 (b)] TJ 0.5 g 10 10 m 20 10 l S ET\n", 200))
	clean, err := cleanContent(page)
	require.NoError(t, err)
	ops := 0
	interpret(clean, func(args []operand, op string) { ops++ })
	require.Equal(t, 200*11, ops)
	allocs := testing.AllocsPerRun(5, func() {
		interpret(clean, func(args []operand, op string) {})
	})
	// 200 arrays, the stack, the elements' buffer and the arena's growth
	// (lpdf.Interpret made about 12,000).
	require.LessOrEqual(t, allocs, 200.0+30, "allocations of one run")
}

// BenchmarkInterpret runs the cleaned content streams of the five-page
// Hongze report.
func BenchmarkInterpret(b *testing.B) {
	var streams [][]byte
	size := 0
	for _, s := range contentStreams(fixtures.Read(b, "001_huaian_hongze_qu_gov_2023.pdf")) {
		clean, err := cleanContent(s)
		require.NoError(b, err)
		streams = append(streams, clean)
		size += len(clean)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		for _, s := range streams {
			interpret(s, func(args []operand, op string) {})
		}
	}
}
