package corpus_test

import "github.com/nianbao/nianbao/extract"

func extractDefault() extract.Limits { return extract.DefaultLimits }
