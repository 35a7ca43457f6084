package validate

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSeverity_Name(t *testing.T) {
	for _, tc := range []struct {
		sev    Severity
		zh, en string
	}{
		{Error, "错误", "error"},
		{Warning, "警告", "warning"},
		{Info, "提示", "info"},
		{0, "提示", "info"}, // the zero value prints as Info, as it always has
	} {
		t.Run(tc.en, func(t *testing.T) {
			assert.Equal(t, Msg{tc.zh, tc.en}, tc.sev.Name())
			assert.Equal(t, tc.en, tc.sev.String())
			b, err := tc.sev.MarshalText()
			require.NoError(t, err)
			assert.Equal(t, tc.en, string(b))
			if tc.sev != 0 {
				got, err := ParseSeverity(tc.en)
				require.NoError(t, err)
				assert.Equal(t, tc.sev, got)
			}
		})
	}
	_, err := ParseSeverity("fatal")
	assert.EqualError(t, err, `unknown severity "fatal" (want error, warning or info)`)
}
