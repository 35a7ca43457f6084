package extracttest

import "encoding/binary"

// LoopTIFF returns a TIFF file of one blank 8×8 grey page whose chain of
// image directories comes back to its start, like the 123 bytes of issue
// 17 that kept tesseract emitting pages for minutes.
func LoopTIFF() []byte {
	le := binary.LittleEndian
	b := []byte("II*\x00\x08\x00\x00\x00")
	entries := [][3]uint32{ // tag, type, value
		{256, 3, 8}, {257, 3, 8}, {258, 3, 8}, {259, 3, 1}, {262, 3, 1},
		{273, 4, 0}, {277, 3, 1}, {278, 3, 8}, {279, 4, 64},
	}
	b = le.AppendUint16(b, uint16(len(entries)))
	pix := uint32(8 + 2 + 12*len(entries) + 4)
	for _, e := range entries {
		if e[0] == 273 {
			e[2] = pix
		}
		b = le.AppendUint16(b, uint16(e[0]))
		b = le.AppendUint16(b, uint16(e[1]))
		b = le.AppendUint32(b, 1)
		b = le.AppendUint32(b, e[2])
	}
	b = le.AppendUint32(b, 8) // the next directory: this one again
	return append(b, make([]byte, 64)...)
}
