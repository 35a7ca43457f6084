package docx

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nianbao/nianbao/extract"
)

// TestScanSmall_AsUnmarshal: the scanner reads relationships and styles
// into what encoding/xml's Unmarshal makes of them, repeated and
// attribute-less elements, foreign prefixes, entities and line ends
// included; and what it leaves to encoding/xml (bytes after the root, a
// comment, markup too deep) it does not read at all.
func TestScanSmall_AsUnmarshal(t *testing.T) {
	const w = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"`
	styles := []string{
		`<w:styles ` + w + `><w:style w:type="paragraph" w:styleId="H1" w:default="1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:pPr><w:outlineLvl w:val="0"/><w:numPr><w:ilvl w:val="2"/><w:numId w:val="7"/></w:numPr></w:pPr></w:style></w:styles>`,
		`<?xml version="1.0" encoding="UTF-8"?>` + "\r\n" + `<w:styles ` + w + `><w:style w:type="numbering" w:styleId="a&amp;b"><w:name w:val="x"/><w:name/><w:name w:val="y&#x6E05;"/><w:pPr/><w:pPr><w:outlineLvl/></w:pPr></w:style><w:style/><w:docDefaults><w:style w:styleId="inner"/></w:docDefaults></w:styles>`,
		`<styles xmlns:type="urn:x"><style type="character" styleId="Z" x:default="0" xmlns:x="urn:y"><name val="a` + "\r\n" + `b"/><basedOn w:val="1"/><basedOn/><pPr><numPr><numId val=" 3 "/></numPr><numPr/></pPr></style><w:style w:styleId="p">text<w:name w:val="n"><w:name w:val="deeper"/></w:name></w:style></styles>`,
	}
	rels := []string{
		`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://x/styles" Target="styles.xml"/><Relationship Type="a" Type="b" TargetMode="External" Target="http://e?a=1&amp;b=2"/><Other Type="no"/></Relationships>`,
		`<Relationships/>`,
		`<r:Relationships xmlns:r="urn:r"><r:Relationship r:Type="t" Target="a"><Relationship Type="nested"/></r:Relationship>  </r:Relationships>`,
	}
	for i, src := range append(styles, rels...) {
		isStyles := i < len(styles)
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			p, err := openPackage(mkzip(t, map[string]string{"part.xml": src}), extract.DefaultLimits)
			require.NoError(t, err)
			defer p.release()
			var got, want any
			var scanned bool
			if isStyles {
				var x, y xStyles
				scanned = p.scanSmall("part.xml", func(t *tokens) error { return scanStyles(t, &x) })
				require.NoError(t, p.decode("part.xml", &y))
				got, want = x, y
			} else {
				var x []rel
				var y struct {
					Rels []rel `xml:"Relationship"`
				}
				scanned = p.scanSmall("part.xml", func(t *tokens) error { return scanRels(t, &x) })
				require.NoError(t, p.decode("part.xml", &y))
				got, want = x, y.Rels
			}
			require.True(t, scanned)
			require.Equal(t, want, got)
		})
	}
	t.Run("left to encoding/xml", func(t *testing.T) {
		for _, src := range []string{
			`<Relationships/>` + "\n",
			`<!-- c --><Relationships/>`,
			`<a><b><c><d/></c></b></a>`,
			`<a><b></a>`,
		} {
			lim := extract.DefaultLimits
			lim.MaxDepth = 3
			p, err := openPackage(mkzip(t, map[string]string{"part.xml": src}), lim)
			require.NoError(t, err)
			left := p.left
			var x []rel
			require.False(t, p.scanSmall("part.xml", func(t *tokens) error { return scanRels(t, &x) }), src)
			require.Equal(t, left, p.left, "budget charged")
			p.release()
		}
	})
}
