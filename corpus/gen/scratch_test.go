package gen

import (
	"fmt"
	"testing"
	"time"

	"github.com/nianbao/nianbao/internal/names"
)

func TestScratch(t *testing.T) {
	t0 := time.Now()
	all := names.AllNames()
	fmt.Println(len(all), time.Since(t0))
	t0 = time.Now()
	provs := map[string]*names.Division{}
	n := 0
	for _, nm := range all {
		for _, d := range names.Lookup(nm) {
			n++
			if d.Level == 1 {
				provs[d.Code] = d
			}
		}
	}
	fmt.Println(n, len(provs), time.Since(t0))
	for _, code := range []string{"110000", "370000", "500000", "810000", "710000"} {
		p := provs[code]
		if p == nil {
			fmt.Println("nil", code)
			continue
		}
		fmt.Println(p, p.Short(), len(p.Children()))
		for i, c := range p.Children() {
			if i > 3 {
				break
			}
			fmt.Println("  ", c, c.Level, c.Short(), len(c.Children()))
			for j, cc := range c.Children() {
				if j > 2 {
					break
				}
				fmt.Println("     ", cc, cc.Level, cc.Short(), len(cc.Children()))
				for k, ccc := range cc.Children() {
					if k > 2 {
						break
					}
					fmt.Println("        ", ccc, ccc.Level, ccc.Short())
				}
			}
		}
	}
}
