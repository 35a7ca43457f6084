// Package noprof turns the runtime's sampling of allocations off before
// the other packages are initialised, unless NIANBAO_MEMPROFILE asks for
// a heap profile. Imported for its effect by cmd/nianbao, it imports
// nothing that allocates much, so that it is initialised among the first
// (the runtime initialises, of the packages whose imports are done, the
// one first by import path): before excelize, sqlite and the rest have
// allocated their 2 MiB.
//
// Each process of a check (the parent and its reader) samples one
// allocation in 512 KiB by default and records its stack in a hash
// table of buckets that the first sample maps: about 40 such samples
// per check, each a stack walk and a page or two of fresh memory, for a
// profile nobody reads. Setting runtime.MemProfileRate in main is too
// late for that (the packages' initialisation allocates most of it).
package noprof

import (
	"runtime"
	"syscall"
)

func init() {
	if _, ok := syscall.Getenv("NIANBAO_MEMPROFILE"); !ok {
		runtime.MemProfileRate = 0
	}
}
