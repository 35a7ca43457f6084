package xlsx

// SetMaxRows lowers the row limit of the list sheets, so that a test can
// reach it, and returns a function that restores it.
func SetMaxRows(n int) (restore func()) {
	old := maxRows
	maxRows = n
	return func() { maxRows = old }
}
