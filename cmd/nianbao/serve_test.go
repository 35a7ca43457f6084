package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBinary_Serve: serve's help in both languages; the command serves
// the folder on the address it prints, in the language asked, and ends
// cleanly on an interrupt; an address for every interface, two folders,
// a missing folder and a zero limit are usage errors. The page itself is
// tested in package web, in a browser.
func TestBinary_Serve(t *testing.T) {
	zh := nb(t, ".", nil, nil, "help", "serve")
	require.Equal(t, exitClean, zh.code, zh.stderr)
	for _, s := range []string{"示例", "--addr", "--max-bytes", "--rules", "127.0.0.1:8080"} {
		assert.Contains(t, zh.out, s)
	}
	en := nb(t, ".", nil, nil, "serve", "--help", "--lang", "en")
	assert.Contains(t, en.out, "Usage:")
	assert.NotRegexp(t, `用法`, en.out)

	dir := t.TempDir()
	copyTo(t, seedPath, dir, "seed.txt")
	for _, args := range [][]string{
		{"serve", "--addr", "0.0.0.0:0", dir},
		{"serve", dir, dir},
		{"serve", "--addr", "127.0.0.1:0", dir + "/missing"},
		{"serve", "--max-bytes", "0", dir},
	} {
		r := nb(t, ".", nil, nil, args...)
		assert.Equal(t, exitError, r.code, "%v", args)
		assert.Regexp(t, `\p{Han}`, r.stderr, "%v: a Chinese message", args)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary(t), "serve", "--addr", "127.0.0.1:0", "--lang", "en", dir)
	stderr, err := cmd.StderrPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	line, err := bufio.NewReader(stderr).ReadString('\n')
	require.NoError(t, err)
	url := regexp.MustCompile(`http://127\.0\.0\.1:\d+/`).FindString(line)
	require.NotEmpty(t, url, line)

	get := func(path string) string {
		resp, err := http.Get(url + path)
		require.NoError(t, err)
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode, string(b))
		return string(b)
	}
	assert.Contains(t, get(""), `<html lang="en">`)
	assert.JSONEq(t, `[{"id":"file:seed.txt","name":"seed.txt"}]`, get("api/reports"))
	assert.Contains(t, get("api/report?id=file:seed.txt"), `"rule":"NM101"`)

	require.NoError(t, cmd.Process.Signal(os.Interrupt))
	assert.NoError(t, cmd.Wait(), "an interrupt ends serve with exit 0")
}
