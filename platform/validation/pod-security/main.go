// Command validate-pod-security checks rendered manifests against the Pod Security Standards
// with Kubernetes' own admission code (k8s.io/pod-security-admission, the checks the API server's
// PodSecurity admission plugin runs): every pod template must be allowed at the "restricted"
// level, and every Namespace must enforce it. It reads multi-document YAML files and prints one
// line per problem; the exit status is 1 when there is any.
//
// With -fixtures DIR it instead checks itself on DIR's files: good-*.yaml must pass, and each
// bad-*.yaml must fail with every message its "# expect: " lines name.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

func main() {
	fixtures := flag.String("fixtures", "", "check the validator itself on the good-*.yaml and bad-*.yaml files of this directory")
	flag.Parse()
	if *fixtures != "" {
		if err := selfTest(*fixtures); err != nil {
			fmt.Fprintln(os.Stderr, "validate-pod-security: fixtures:", err)
			os.Exit(1)
		}
		fmt.Println("validate-pod-security: fixtures behave as they say")
		return
	}
	if flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: validate-pod-security FILE... | -fixtures DIR")
		os.Exit(2)
	}
	failed := false
	for _, path := range flag.Args() {
		data, err := os.ReadFile(path)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		problems, checked, err := Validate(data)
		if err != nil {
			fmt.Fprintf(os.Stderr, "%s: %v\n", path, err)
			os.Exit(2)
		}
		for _, p := range problems {
			fmt.Printf("%s: %s\n", path, p)
		}
		if len(problems) > 0 {
			failed = true
			continue
		}
		fmt.Printf("%s: %d pod template(s) allowed at restricted:latest\n", path, checked)
	}
	if failed {
		os.Exit(1)
	}
}

// selfTest runs Validate on the fixtures of dir and compares the outcome with what each says.
func selfTest(dir string) error {
	paths, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
	if err != nil {
		return err
	}
	sort.Strings(paths)
	good, bad := 0, 0
	for _, path := range paths {
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		problems, _, err := Validate(data)
		if err != nil {
			return fmt.Errorf("%s: %v", path, err)
		}
		name := filepath.Base(path)
		switch {
		case strings.HasPrefix(name, "good-"):
			good++
			if len(problems) > 0 {
				return fmt.Errorf("%s should pass, but: %s", name, strings.Join(problems, "; "))
			}
		case strings.HasPrefix(name, "bad-"):
			bad++
			expected := expectations(data)
			if len(expected) == 0 {
				return fmt.Errorf("%s names no expected message (# expect: ...)", name)
			}
			all := strings.Join(problems, "\n")
			for _, want := range expected {
				if !strings.Contains(all, want) {
					return fmt.Errorf("%s should fail with %q; got: %s", name, want, all)
				}
			}
		}
	}
	if good == 0 || bad == 0 {
		return fmt.Errorf("%s needs at least one good-*.yaml and one bad-*.yaml", dir)
	}
	return nil
}

func expectations(data []byte) []string {
	var out []string
	for _, line := range bytes.Split(data, []byte("\n")) {
		if text, ok := strings.CutPrefix(strings.TrimSpace(string(line)), "# expect: "); ok {
			out = append(out, text)
		}
	}
	return out
}
