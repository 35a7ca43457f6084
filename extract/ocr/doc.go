// Package ocr reads reports that have no usable text: image-only PDFs
// (scans), PDFs whose text layer is garbage, and page images (PNG, JPEG,
// TIFF). It runs the command-line tools, never cgo: poppler's pdftoppm
// rasterizes PDF pages, tesseract recognises them. It gives an
// extract.Document laid out like every other backend's (one line per
// paragraph, one line per table row with tab-separated cells, merged
// cells once with Merged copies, pages on the blocks), with OCR set and
// Confidence holding the confidence of every recognised word, so that
// later stages can say that a finding rests on OCR.
//
// How a page is read:
//
//   - Rasterize. A scanned page (one image covering it) is rasterized at
//     its image's own resolution (twice that below 200 dpi): resampled
//     from 200 to 300 dpi, the seed's scan reads the bold 总 of 一、总体情况
//     as 息 and loses the section. Other pages go at 300 dpi, grey.
//   - Rules. Long thin dark runs are ruling lines; they are sought in
//     bands of a few rows (and columns), so that the rules of a skewed
//     scan still make long runs. Rules that touch make a table grid; a
//     missing rule between two grid positions merges them into one cell.
//     The rules give the skew; from 0.3° on, the page is deskewed. The
//     rules are then erased: they read as 一, l or dashes.
//   - Cells. The ink of every cell, dust removed, is pasted on a line of
//     its own onto a strip, read with --psm 6 (a block of text) and
//     chi_sim+eng. Read where they stand, tesseract drops lone digits in
//     wide empty cells and mixes the lines of neighbouring cells, in every
//     page segmentation mode: the seed's scan and the synthetic scan gave
//     73% and 76% of the cells right with --psm 3, 100% and 78% with 4,
//     94% and 77% with 6, 6% and 22% with 11; the strip gives 100% and
//     100% (TestDesign_Strip). Cells that should hold a number (a row and
//     a column of numbers around them) but came out as none, or leave a
//     line of ink unread (the last digit of 26377, wrapped alone onto a
//     second line), are read again: their lines set side by side on one
//     line, as a raw line (--psm 13), digits only, by the English model,
//     the only combination that does not drop a lone digit. Cells that
//     came out as Latin letters (BEM “SHE” for 3. 危及“三安全一稳定”) are
//     read again with chi_sim alone.
//   - Text. The page, its tables painted white, is read with --psm 3 and
//     chi_sim alone: with eng added, tesseract decodes some Chinese
//     phrases as Latin garbage (至2023年12月31日止 as 48 2023 4F 12 A 31
//     Aik.). Short lines holding a word below 0.6 confidence, headings
//     mostly, are read again on the strip, alone, and the more confident
//     reading is kept. Words become lines, lines paragraphs unless the
//     spacing, an indent, a line that stops short or a numbered heading
//     says a new one begins; spaces between Chinese characters go.
//
// Table cells that hold numbers are repaired only where the confusion is
// unambiguous (O, o, 〇 for 0 and l, I, | for 1 inside digit strings;
// full-width digits). Result.Numbers lists every number cell with its
// confidence and whether it was repaired or read again for digits; Low
// marks those below LowConfidence or repaired, and the confidence of a
// repaired span is capped at RepairedConfidence. Numbering whose
// punctuation was lost at the start of a label (3其他, 〈七) 总计) is
// restored, so that the label still names its row.
//
// Pages are read in parallel, as many as there are CPUs, each tesseract
// with OMP_THREAD_LIMIT=1 and each page under its own timeout; Limits
// bound the input size and the pages read. A missing tesseract, language
// data or pdftoppm is an *extract.Error wrapping ErrMissingTool that says
// how to install them (Debian: apt-get install tesseract-ocr
// tesseract-ocr-chi-sim poppler-utils). TIFF files go to tesseract as
// they are, for the standard library has no TIFF decoder: their tables,
// without rules, are rebuilt from the alignment of the words alone, and
// read poorly.
//
//	res, err := ocr.Recognize(ctx, "scan.pdf", src, extract.Limits{}, ocr.Options{})
//	if err != nil { ... } // *extract.Error; errors.Is(err, ocr.ErrMissingTool)
//	for _, n := range res.Numbers {
//		if n.Low {
//			fmt.Println(res.Doc.Position(n.Span.Start), n.Text, "read with low confidence")
//		}
//	}
package ocr
