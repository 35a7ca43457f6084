package validate_test

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/tools/txtar"

	"github.com/nianbao/nianbao/validate"
)

// TestFix_Safe: place-name and label fixes are safe; a table total is
// safe only when the identities leave that one cell to change.
func TestFix_Safe(t *testing.T) {
	ar, err := txtar.ParseFile("testdata/rules/TB103_rowtotal.txtar")
	require.NoError(t, err)
	input := string(ar.Files[0].Data)
	const (
		newRow   = "一、本年新收政府信息公开申请数量\t\t5\t1\t0\t0\t0\t0\t7"
		totalRow = "\t（七）总计\t5\t1\t0\t0\t0\t0\t6"
	)
	require.Contains(t, input, newRow)
	require.Contains(t, input, totalRow)
	tb := []*validate.Rule{validate.Lookup("TB101"), validate.Lookup("TB102"), validate.Lookup("TB103")}
	safe := func(fs []validate.Finding) (n, safe int) {
		for _, f := range fs {
			for _, fx := range f.Fixes {
				n++
				if fx.Safe {
					safe++
				}
			}
		}
		return n, safe
	}

	t.Run("one candidate", func(t *testing.T) {
		// 5+1 is not 7, and the total column's 7+1 is not 6+1: only the
		// 7 mends both.
		fs, _ := mustCheck(t, input, tb...)
		n, s := safe(fs)
		require.Equal(t, 1, n)
		assert.Equal(t, 1, s)
	})
	t.Run("two candidates", func(t *testing.T) {
		// The total row says 7 as well: the total column holds, so either
		// both totals or a part of each row is wrong.
		fs, _ := mustCheck(t, strings.Replace(input, totalRow, "\t（七）总计\t5\t1\t0\t0\t0\t0\t7", 1), tb...)
		n, s := safe(fs)
		require.NotZero(t, n)
		assert.Zero(t, s)
	})
	t.Run("typo and label", func(t *testing.T) {
		seed, err := os.ReadFile("../corpus/testdata/corpus/000_zibo_zichuan_touzi_2023.txt")
		require.NoError(t, err)
		fs, _ := mustCheck(t, string(seed), validate.Lookup("NM101"), validate.Lookup("ST107"))
		require.Len(t, fs, 6)
		for _, f := range fs {
			require.Len(t, f.Fixes, 1)
			assert.True(t, f.Fixes[0].Safe, f.Message.Zh)
		}
	})
}
