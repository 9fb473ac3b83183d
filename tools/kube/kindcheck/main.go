// Command kindcheck runs kind's own cluster-config loading (strict decoding, defaulting,
// conversion) and validation, the steps `kind create cluster --config` takes before it needs
// Docker. Usage: kindcheck FILE... ("-" reads stdin). Prints one JSON line per file; exits 1 if any
// file is refused.
package main

import (
	"encoding/json"
	"fmt"
	"os"

	"sigs.k8s.io/kind/pkg/internal/apis/config"
	"sigs.k8s.io/kind/pkg/internal/apis/config/encoding"
)

type result struct {
	File  string `json:"file"`
	OK    bool   `json:"ok"`
	Nodes int    `json:"nodes,omitempty"`
	Error string `json:"error,omitempty"`
}

func check(path string) result {
	cfg, err := encoding.Load(path)
	if err == nil {
		// as kind's create.fixupOptions: default again (a no-op after Load), then Validate.
		config.SetDefaultsCluster(cfg)
		err = cfg.Validate()
	}
	if err != nil {
		return result{File: path, Error: err.Error()}
	}
	return result{File: path, OK: true, Nodes: len(cfg.Nodes)}
}

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: kindcheck FILE... (- for stdin)")
		os.Exit(2)
	}
	failed := false
	enc := json.NewEncoder(os.Stdout)
	for _, path := range os.Args[1:] {
		r := check(path)
		failed = failed || !r.OK
		if err := enc.Encode(r); err != nil {
			os.Exit(2)
		}
	}
	if failed {
		os.Exit(1)
	}
}
