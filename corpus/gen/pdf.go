package gen

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// ErrNoConverter means LibreOffice is not installed (no soffice on the
// PATH), so reports cannot be rendered as PDF here. A converter that is
// there but fails, or loads the file but writes no PDF, gives an ordinary
// error: tests fail on it rather than skip.
var ErrNoConverter = errors.New("gen: LibreOffice Writer (soffice) is not installed; apt-get install libreoffice-writer-nogui")

// PDF renders r as a PDF the way most real ones are made: a Word file
// printed to PDF, here the DOCX rendering converted by LibreOffice
// (soffice --headless). work is a folder of the caller's for the
// converter's files; one conversion at a time may use it.
func PDF(ctx context.Context, r *Report, d Damage, work string) ([]byte, error) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		return nil, ErrNoConverter
	}
	d.Chrome = false // a Word file has no site chrome
	in := filepath.Join(work, "report.docx")
	if err := os.WriteFile(in, DOCX(r, d), 0o644); err != nil {
		return nil, err
	}
	// A profile per work folder: two LibreOffice processes sharing one
	// profile wait for each other's lock or fail.
	profile := "file://" + filepath.Join(work, "profile")
	cmd := exec.CommandContext(ctx, soffice, "--headless", "--norestore", "--nologo",
		"-env:UserInstallation="+profile, "--convert-to", "pdf", "--outdir", work, in)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("gen: soffice: %v: %s", err, strings.TrimSpace(out.String()))
	}
	pdf, err := os.ReadFile(filepath.Join(work, "report.pdf"))
	if err != nil {
		return nil, fmt.Errorf("gen: soffice wrote no PDF: %s", strings.TrimSpace(out.String()))
	}
	os.Remove(filepath.Join(work, "report.pdf"))
	return pdf, nil
}
