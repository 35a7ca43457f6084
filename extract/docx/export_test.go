package docx

// ScanDocument lets the external tests read with encoding/xml alone.
var ScanDocument = &scanDocument
