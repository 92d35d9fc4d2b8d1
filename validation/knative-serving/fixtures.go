package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// CheckFixtures proves the validator still finds what it must: every good-*.yaml of dir passes
// with no problem at all, and every bad-*.yaml fails with each message its `# expect: TEXT`
// lines name (a substring of one problem's "object path: level: message" line). A bad fixture
// without an expect line is itself a failure, so no fixture can silently assert nothing. The
// visibility policy is on for every fixture, with the Services its `# public: NAME` lines name
// as the public ones. Returns one line per fixture that misbehaved.
func CheckFixtures(dir string) ([]string, error) {
	good, err := filepath.Glob(filepath.Join(dir, "good-*.yaml"))
	if err != nil {
		return nil, err
	}
	bad, err := filepath.Glob(filepath.Join(dir, "bad-*.yaml"))
	if err != nil {
		return nil, err
	}
	if len(good) == 0 || len(bad) == 0 {
		return nil, fmt.Errorf("%s needs good-*.yaml and bad-*.yaml fixtures (found %d and %d)",
			dir, len(good), len(bad))
	}
	sort.Strings(good)
	sort.Strings(bad)
	var failures []string
	for _, file := range good {
		data, err := os.ReadFile(file)
		if err != nil {
			return nil, err
		}
		report, err := ValidateDocuments(data, fixtureOptions(data))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
		if report.Checked == 0 {
			failures = append(failures, fmt.Sprintf("%s: no Knative Serving object in it", file))
		}
		for _, p := range report.Problems {
			failures = append(failures, fmt.Sprintf("%s should pass, but: %s", file, p))
		}
	}
	for _, file := range bad {
		data, err := os.ReadFile(file)
		if err != nil {
			return nil, err
		}
		expected := comments(data, "expect")
		if len(expected) == 0 {
			failures = append(failures, fmt.Sprintf("%s has no '# expect:' line", file))
			continue
		}
		report, err := ValidateDocuments(data, fixtureOptions(data))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
		for _, want := range expected {
			if !reported(report, want) {
				failures = append(failures, fmt.Sprintf("%s should fail with %q, but the validator said: %s",
					file, want, summary(report)))
			}
		}
	}
	return failures, nil
}

func fixtureOptions(data []byte) Options {
	return Options{Visibility: true, Public: comments(data, "public")}
}

// comments returns the TEXT of every `# KEY: TEXT` line.
func comments(data []byte, key string) []string {
	var out []string
	scanner := bufio.NewScanner(bytes.NewReader(data))
	for scanner.Scan() {
		line := strings.TrimSpace(scanner.Text())
		if text, ok := strings.CutPrefix(line, "# "+key+":"); ok && strings.TrimSpace(text) != "" {
			out = append(out, strings.TrimSpace(text))
		}
	}
	return out
}

func reported(report Report, want string) bool {
	for _, p := range report.Problems {
		if strings.Contains(p.String(), want) {
			return true
		}
	}
	return false
}

func summary(report Report) string {
	if len(report.Problems) == 0 {
		return "no problem"
	}
	lines := make([]string, len(report.Problems))
	for i, p := range report.Problems {
		lines[i] = p.String()
	}
	return strings.Join(lines, "; ")
}
