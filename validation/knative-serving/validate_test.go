package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Every fixture of testdata behaves as its comments say: the good ones pass with no problem, each
// bad one fails with every message it expects.
func TestFixtures(t *testing.T) {
	failures, err := CheckFixtures("testdata")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range failures {
		t.Error(f)
	}
}

// The fixture check itself cannot pass vacuously: a "bad" fixture that Serving accepts, and one
// that expects nothing, are both reported.
func TestFixturesThatAssertNothingFail(t *testing.T) {
	dir := t.TempDir()
	good, err := os.ReadFile(filepath.Join("testdata", "good-service.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("good-service.yaml", string(good))
	write("bad-accepted.yaml", "# expect: timeoutSeconds\n"+string(good))
	write("bad-silent.yaml", strings.ReplaceAll(string(good), "timeoutSeconds: 600", "timeoutSeconds: 900"))

	failures, err := CheckFixtures(dir)
	if err != nil {
		t.Fatal(err)
	}
	joined := strings.Join(failures, "\n")
	for _, want := range []string{
		`bad-accepted.yaml should fail with "timeoutSeconds", but the validator said: no problem`,
		`bad-silent.yaml has no '# expect:' line`,
	} {
		if !strings.Contains(joined, want) {
			t.Errorf("CheckFixtures did not report %q; it reported:\n%s", want, joined)
		}
	}
}

// Documents of other kinds are skipped, and comments or empty documents are no objects.
func TestOtherKindsAreSkipped(t *testing.T) {
	report, err := ValidateDocuments([]byte(`# a comment only
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
---
`), Options{Visibility: true})
	if err != nil {
		t.Fatal(err)
	}
	if report.Checked != 0 || len(report.Problems) != 0 {
		t.Errorf("got %d checked, problems %v; want none", report.Checked, report.Problems)
	}
}

// A document that is not YAML is an error of the run, not a problem of an object.
func TestUnreadableYAMLIsAnError(t *testing.T) {
	if _, err := ValidateDocuments([]byte("apiVersion: [unclosed\n"), Options{}); err == nil {
		t.Error("want an error for broken YAML")
	}
}
