package html

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/simplifiedchinese"
	xunicode "golang.org/x/text/encoding/unicode"

	"github.com/nianbao/nianbao/extract"
)

// prescanBytes is how much of the page is searched for a <meta> charset.
// The HTML standard stops at 1024 bytes, but government CMS templates often
// put long <script> and <link> blocks first, so we look further.
const prescanBytes = 64 << 10

// decode turns the page into UTF-8 and names the encoding it decoded.
//
// The order is: a BOM; bytes that are valid UTF-8 (whatever the page
// declares: CMS migrations often re-save GBK pages as UTF-8 and keep the old
// <meta>, and non-ASCII text that is valid UTF-8 by accident is vanishingly
// rare); the declared charset; GB18030. GBK and GB2312 declarations are read
// as GB18030, a superset that also decodes the four-byte sequences such
// pages contain in practice. Output that is mostly replacement or control
// characters means the guess was wrong or the file is not text: an error
// wrapping extract.ErrEncoding.
func decode(src []byte) ([]byte, string, error) {
	switch {
	case bytes.HasPrefix(src, []byte{0xEF, 0xBB, 0xBF}):
		return checked(src[3:], "utf-8")
	case bytes.HasPrefix(src, []byte{0xFF, 0xFE}):
		return decodeWith(src, xunicode.UTF16(xunicode.LittleEndian, xunicode.ExpectBOM), "utf-16le")
	case bytes.HasPrefix(src, []byte{0xFE, 0xFF}):
		return decodeWith(src, xunicode.UTF16(xunicode.BigEndian, xunicode.ExpectBOM), "utf-16be")
	case utf8.Valid(src):
		return checked(src, "utf-8")
	}
	enc, name := declared(src)
	switch name {
	case "", "utf-8", "utf-16le", "utf-16be", "gbk", "gb18030":
		// Not UTF-8 whatever the page says (UTF-16 in a <meta> means
		// UTF-8 per the HTML standard); the Chinese default is GB18030.
		return decodeWith(src, simplifiedchinese.GB18030, "gb18030")
	}
	out, label, err := decodeWith(src, enc, name)
	if err != nil {
		// A wrong declaration (say big5 on a GBK page) should not hide
		// text that GB18030 reads cleanly.
		if out, label, err2 := decodeWith(src, simplifiedchinese.GB18030, "gb18030"); err2 == nil {
			return out, label, nil
		}
	}
	return out, label, err
}

func decodeWith(src []byte, enc encoding.Encoding, name string) ([]byte, string, error) {
	out, err := enc.NewDecoder().Bytes(src)
	if err != nil {
		return nil, "", fmt.Errorf("%w: %s: %v", extract.ErrEncoding, name, err)
	}
	return checked(out, name)
}

// checked rejects decoded text that no web page contains in quantity: NUL
// and other C0 controls (binary files), and U+FFFD, which decoders emit for
// bytes that are not in the encoding.
func checked(text []byte, name string) ([]byte, string, error) {
	if !utf8.Valid(text) {
		return nil, "", fmt.Errorf("%w: invalid UTF-8 after decoding %s", extract.ErrEncoding, name)
	}
	n, bad := 0, 0
	for _, r := range string(text) {
		n++
		if r == utf8.RuneError || (r < 0x20 && r != '\n' && r != '\r' && r != '\t' && r != '\f') {
			bad++
		}
	}
	if n > 0 && bad*50 > n {
		return nil, "", fmt.Errorf("%w: %d of %d characters are control or replacement characters when read as %s", extract.ErrEncoding, bad, n, name)
	}
	return text, name, nil
}

// declared returns the encoding named by the first <meta charset> or
// <meta http-equiv="Content-Type" content="…; charset=…"> before <body>,
// with its WHATWG name, or nil and "" if there is none we know.
func declared(src []byte) (encoding.Encoding, string) {
	z := html.NewTokenizer(bytes.NewReader(src[:min(len(src), prescanBytes)]))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return nil, ""
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			if string(name) == "body" {
				return nil, ""
			}
			if string(name) != "meta" || !hasAttr {
				continue
			}
			var charset, equiv, content string
			for more := true; more; {
				var k, v []byte
				k, v, more = z.TagAttr()
				switch string(k) {
				case "charset":
					charset = string(v)
				case "http-equiv":
					equiv = string(v)
				case "content":
					content = string(v)
				}
			}
			if charset == "" && strings.EqualFold(strings.TrimSpace(equiv), "content-type") {
				charset = charsetParam(content)
			}
			if charset == "" {
				continue
			}
			enc, err := htmlindex.Get(strings.TrimSpace(charset))
			if err != nil {
				continue
			}
			label, err := htmlindex.Name(enc)
			if err != nil {
				continue
			}
			return enc, label
		}
	}
}

// charsetParam extracts the charset parameter of a Content-Type value such
// as `text/html; charset="gb2312"`.
func charsetParam(content string) string {
	// Lower-case ASCII letters only: strings.ToLower would turn an invalid
	// byte into a three-byte U+FFFD and shift every index after it.
	i := strings.Index(asciiLower(content), "charset")
	if i < 0 {
		return ""
	}
	s := strings.TrimLeft(content[i+len("charset"):], " \t\r\n\f")
	if !strings.HasPrefix(s, "=") {
		return ""
	}
	s = strings.TrimLeft(s[1:], " \t\r\n\f")
	s = strings.TrimLeft(s, `"'`)
	if j := strings.IndexAny(s, "\"'; \t\r\n\f"); j >= 0 {
		s = s[:j]
	}
	return s
}

// asciiLower lower-cases ASCII letters and leaves every other byte, so
// indexes into the result are indexes into s.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}
