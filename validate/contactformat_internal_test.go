package validate

import (
	"math/rand"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestContactFormats: postcodeOK, phoneOK and emailOK answer as the
// regexps they stand for, on real-looking numbers and addresses and on
// 300,000 generated strings of their characters.
func TestContactFormats(t *testing.T) {
	checks := []struct {
		name   string
		re     *regexp.Regexp
		fn     func(string) bool
		alpha  string
		sample []string
	}{
		{"postcode", regexp.MustCompile(postcodeFormat), postcodeOK, "0123456789１a ",
			[]string{"100000", "10000", "1000000", "１00000", "", "abcdef"}},
		{"phone", regexp.MustCompile(phoneFormat), phoneOK, "0123456789-4001-0-",
			[]string{"010-12345678", "0517-86801234", "05178680123", "010-1234567-12", "010-12345678-123456", "010-12345678-1234567",
				"13912345678", "12912345678", "1234567", "01234567", "400-123-4567", "4001234567", "400-1234567", "12345", "123456",
				"0101234567", "00-12345678", "010-02345678", "010--12345678", "010-12345678-", "", "-", "0", "400"}},
		{"email", regexp.MustCompile(emailFormat), emailOK, "ab.@-_%+Z9.@.",
			[]string{"a@b.cn", "x.y@z.gov.cn", "a@b", "a@b.c", "@b.cn", "a@.cn", "a@b..cn", "a@b.c1", "a@@b.cn", "a@b.cn.", "a b@c.cn", "a@b-c.d-e.cn", "a@b.CN", ""}},
	}
	rng := rand.New(rand.NewSource(1))
	for _, c := range checks {
		t.Run(c.name, func(t *testing.T) {
			cases := append([]string(nil), c.sample...)
			// Mutations of the samples: a character dropped, doubled or
			// replaced.
			for _, s := range c.sample {
				for i := range len(s) {
					cases = append(cases, s[:i]+s[i+1:], s[:i]+s[i:i+1]+s[i:])
					for _, r := range c.alpha {
						cases = append(cases, s[:i]+string(r)+s[i+1:])
					}
				}
			}
			alpha := []rune(c.alpha)
			for range 100000 {
				var b strings.Builder
				for range rng.Intn(22) {
					b.WriteRune(alpha[rng.Intn(len(alpha))])
				}
				cases = append(cases, b.String())
			}
			matched := 0
			for _, s := range cases {
				want := c.re.MatchString(s)
				if want {
					matched++
				}
				require.Equal(t, want, c.fn(s), "%q", s)
			}
			require.Greater(t, matched, 5)
		})
	}
}
