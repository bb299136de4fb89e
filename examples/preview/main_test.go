package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in examples/testdata")

// TestExamples runs every example request through the command, in every output
// format, and compares the output with its golden file, so the examples never rot.
func TestExamples(t *testing.T) {
	files, err := filepath.Glob("../*.json")
	if err != nil || len(files) < 5 {
		t.Fatalf("want at least 5 example requests in examples/, got %d (%v)", len(files), err)
	}
	for _, f := range files {
		for _, format := range []string{"text", "json", "html"} {
			name := strings.TrimSuffix(filepath.Base(f), ".json")
			t.Run(name+"/"+format, func(t *testing.T) {
				var out, errOut bytes.Buffer
				if code := run([]string{"-o", format, f}, nil, &out, &errOut); code != 0 {
					t.Fatalf("exit status %d, stderr: %s", code, errOut.String())
				}
				ext := map[string]string{"text": ".txt", "json": ".json", "html": ".html"}[format]
				golden := filepath.Join("..", "testdata", name+ext)
				if *update {
					if err := os.WriteFile(golden, out.Bytes(), 0o644); err != nil {
						t.Fatal(err)
					}
				}
				want, err := os.ReadFile(golden)
				if err != nil {
					t.Fatalf("golden file: %v (run go test ./examples/preview -update)", err)
				}
				if !bytes.Equal(out.Bytes(), want) {
					t.Errorf("output differs from %s (run with -update after checking the change):\n%s", golden, out.String())
				}
			})
		}
	}
}

func TestStdinAndUsage(t *testing.T) {
	data, err := os.ReadFile("../stripe_upgrade.json")
	if err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	if code := run([]string{"-o", "json", "-"}, bytes.NewReader(data), &out, &errOut); code != 0 {
		t.Fatalf("stdin: exit %d: %s", code, errOut.String())
	}
	if !strings.Contains(out.String(), `"total": 3627`) {
		t.Errorf("stdin: want total 3627, got %s", out.String())
	}
	for _, args := range [][]string{{}, {"-o", "xml", "f.json"}, {"a", "b"}, {"-bogus", "f"}} {
		out.Reset()
		errOut.Reset()
		if code := run(args, nil, &out, &errOut); code != 2 {
			t.Errorf("args %q: exit %d, want 2", args, code)
		}
	}
	errOut.Reset()
	if code := run([]string{"does-not-exist.json"}, nil, &out, &errOut); code != 1 {
		t.Errorf("missing file: exit %d, want 1", code)
	}
}
