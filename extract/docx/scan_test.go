package docx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/internal/extracttest"
	"github.com/nianbao/nianbao/internal/fixtures"
)

// scannerCases are markup the scanner must read as the decoder does, or
// leave to it: entities, line ends, namespaces rebound and unbound, and
// malformed or unusual markup of every kind the scanner gives up on.
var scannerCases = []string{
	docOpen + xpara("甲&amp;乙&lt;&gt;&quot;&apos;&#28100;&#x6E05;&#xD800;") + docClose,
	docOpen + "<w:p>\r\n<w:r><w:t xml:space=\"preserve\">a\r\nb\rc\n\r\n</w:t></w:r></w:p>" + docClose,
	docOpen + `<w:p><w:pPr><w:pStyle w:val="a&amp;b"/><w:outlineLvl val=" 2 "/></w:pPr><w:r><w:t>x</w:t></w:r></w:p>` + docClose,
	`<x:document xmlns:x="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><x:body><x:p><x:r><x:t>别名</x:t></x:r></x:p></x:body></x:document>`,
	`<document xmlns="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><body><p><r><t>默认</t></r></p></body></document>`,
	`<w:document><w:body><w:p><w:r><w:t>未绑定</w:t></w:r></w:p></w:body></w:document>`,
	docOpen + `<w:p xmlns:w="urn:other"><w:r><w:t>别处</w:t></w:r></w:p><w:p><w:r><w:t>回来</w:t></w:r></w:p>` + docClose,
	docOpen + `<w:p xmlns:w="" ><w:r><w:t>空</w:t></w:r></w:p>` + docClose,
	docOpen + `<w:p><w:r><w:t>` + "\ufeff\U0001F600" + `</w:t></w:r></w:p>` + docClose,
	"\ufeff" + docOpen + xpara("BOM") + docClose,
	docOpen + `<w:p><w:r><w:t>a</w:t ></w:r ></w:p	>` + docClose,
	docOpen + `<w:p w:rsidR='00A1' w:a="1"w:b="2" ><w:r><w:t>attrs</w:t></w:r></w:p>` + docClose,
	`<?xml version='1.0' encoding='utf-8'?>` + `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body/></w:document>`,
	// Left to the decoder, which reads them or refuses them.
	docOpen + `<w:p><!-- note --><w:r><w:t>a<![CDATA[<b>]]></w:t></w:r></w:p>` + docClose,
	`<?xml version="1.1"?><w:document/>`,
	`<?xml version="1.0" encoding="GBK"?><w:document/>`,
	`<?mso-application progid="Word.Document"?><w:document/>`,
	`<!DOCTYPE w:document [<!ENTITY x "y">]><w:document>&x;</w:document>`,
	docOpen + xpara("a&nbsp;b") + docClose,
	docOpen + xpara("a&#0;b") + docClose,
	docOpen + xpara("a&#X41;b") + docClose,
	docOpen + xpara("a&#;b") + docClose,
	docOpen + xpara("a&amp b") + docClose,
	docOpen + xpara("a]]>b") + docClose,
	docOpen + xpara("a\x01b") + docClose,
	docOpen + xpara("a\xffb") + docClose,
	docOpen + xpara("a\uFFFEb") + docClose,
	docOpen + `<w:p w:a="x<y"/>` + docClose,
	docOpen + `<w:p w:a=x/>` + docClose,
	docOpen + `<w:p w:a/>` + docClose,
	docOpen + `<w:p></w:q>` + docClose,
	docOpen + `<w:p></x:p>` + docClose,
	docOpen + `<a:b:c/>` + docClose,
	docOpen + `<名/>` + docClose,
	docOpen + `<1a/>` + docClose,
	docOpen + `<w:/>` + docClose,
	docOpen + `</w:p>` + docClose,
	docOpen + xpara("截断"),
	docOpen + `<w:p><w:r><w:t>截断`,
	`<w:document`,
	"",
	"   ",
}

// scanTokens lists the tokens the scanner reads from src, as the decoder
// would give them, up to the end of the input or the first error.
func scanTokens(src []byte) (out []string, err error) {
	t := &tokens{s: newScanner(src), part: "word/document.xml", max: 128}
	for {
		if err := t.next(); err != nil {
			return out, err
		}
		out = append(out, tokenString(t))
		if t.tok.kind == tokEnd && t.depth == 0 {
			return out, nil
		}
	}
}

func decoderTokens(src []byte) (out []string, err error) {
	t := &tokens{d: xml.NewDecoder(bytes.NewReader(src)), part: "word/document.xml", max: 128}
	for {
		if err := t.next(); err != nil {
			return out, err
		}
		out = append(out, tokenString(t))
		if t.tok.kind == tokEnd && t.depth == 0 {
			return out, nil
		}
	}
}

func tokenString(t *tokens) string {
	e := t.tok.elem
	switch t.tok.kind {
	case tokStart:
		s := "<" + e.Name.Space + " " + e.Name.Local
		for _, a := range attrList(e) {
			s += " " + a.Name.Space + " " + a.Name.Local + "=" + a.Value
		}
		return s + ">"
	case tokEnd:
		return "</" + e.Name.Space + " " + e.Name.Local + ">"
	case tokText:
		return fmt.Sprintf("text %d-%d %q", t.tok.start, t.tok.end, t.chars())
	}
	return "other"
}

// attrList is the attributes of e, translated and decoded.
func attrList(e elem) []xml.Attr {
	if e.s == nil {
		return e.attrs
	}
	var out []xml.Attr
	for _, a := range e.fast {
		out = append(out, xml.Attr{Name: e.s.attrName(a), Value: decodeChars(e.s.src[a.v0:a.v1])})
	}
	return out
}

// checkScanner holds the scanner to the decoder on src: the same tokens
// (names translated, values and text decoded, text at the same offsets)
// up to where the scanner gives up, and it gives up wherever the decoder
// fails.
func checkScanner(t *testing.T, src []byte) (fellBack bool) {
	got, err := scanTokens(src)
	want, werr := decoderTokens(src)
	if errors.Is(err, errFallback) {
		require.LessOrEqual(t, len(got), len(want), "the scanner read more tokens than the decoder")
		require.Equal(t, strings.Join(want[:len(got)], "\n"), strings.Join(got, "\n"))
		return true
	}
	require.Equal(t, want, got)
	if err != nil || werr != nil {
		require.Error(t, werr)
		require.Error(t, err)
		require.Equal(t, werr.Error(), err.Error())
	}
	return false
}

func TestScanner_MatchesDecoder(t *testing.T) {
	for _, c := range scannerCases {
		checkScanner(t, []byte(c))
	}
	for _, body := range fuzzBodies {
		require.False(t, checkScanner(t, []byte(docOpen+body+docClose)), body)
	}
	for _, path := range fixtures.Glob(t, "*.docx") {
		src := documentXML(t, path)
		require.False(t, checkScanner(t, src), "%s: the scanner left Word's own markup to the decoder", path)
	}
}

// documentXML returns the word/document.xml of the DOCX file at path.
func documentXML(t *testing.T, path string) []byte {
	zr, err := zip.OpenReader(path)
	require.NoError(t, err)
	defer zr.Close()
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			r, err := f.Open()
			require.NoError(t, err)
			defer r.Close()
			b, err := io.ReadAll(r)
			require.NoError(t, err)
			return b
		}
	}
	t.Fatalf("%s: no word/document.xml", path)
	return nil
}

func FuzzScanner(f *testing.F) {
	for _, c := range scannerCases {
		f.Add([]byte(c))
	}
	f.Fuzz(func(t *testing.T, src []byte) { checkScanner(t, src) })
}

// dump is what Read gives for src, the document with its origin or the
// error, as JSON.
func dump(t *testing.T, src []byte, lim extract.Limits) string {
	doc, err := Read("x.docx", src, lim)
	return string(extracttest.Dump(t, doc, err))
}

// TestRead_ScannerAsDecoder: reading with the scanner gives what reading
// with encoding/xml alone gives, document or error, on the real files,
// the constructed ones and the malformed ones.
func TestRead_ScannerAsDecoder(t *testing.T) {
	var srcs [][]byte
	for _, path := range fixtures.Glob(t, "*.docx") {
		src, err := os.ReadFile(path)
		require.NoError(t, err)
		srcs = append(srcs, src)
	}
	for _, body := range fuzzBodies {
		srcs = append(srcs, mkdocx(t, body, listStyles, listNumbering))
	}
	for _, c := range scannerCases {
		srcs = append(srcs, mkzip(t, map[string]string{"word/document.xml": c}))
		// numbered lists after a fallback start again from their first number
		srcs = append(srcs, mkdocx(t, numbered(1, 0, "甲")+numbered(1, 0, "乙")+strings.TrimPrefix(c, docOpen), listStyles, listNumbering))
	}
	lims := []extract.Limits{{}, {MaxDepth: 8}, {MaxUnzipped: 4000}}
	for _, src := range srcs {
		for _, lim := range lims {
			fast := dump(t, src, lim)
			scanDocument = false
			slow := dump(t, src, lim)
			scanDocument = true
			require.Equal(t, slow, fast)
		}
	}
}
