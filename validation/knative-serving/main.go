// Command validate-knative-serving runs Knative Serving's own admission logic offline on
// rendered manifests: for every serving.knative.dev object (Service, Configuration, Route,
// Revision, DomainMapping) it decodes the document the way the webhook does, calls SetDefaults
// and then Validate with the context the webhook builds on a create, and reports every problem,
// errors and warnings alike (the insecure-securityContext notices are warnings upstream; here
// they fail).
//
// Usage:
//
//	validate-knative-serving [-public NAME,...] FILE...   validate rendered multi-document YAML
//	validate-knative-serving -fixtures DIR               check the known-good and known-bad fixtures
//
// With -public, every Service not named there must be labelled
// networking.knative.dev/visibility: cluster-local (see Options).
//
// Exit status 0 when nothing was found, 1 when something was, 2 on a usage or read error.
package main

import (
	"flag"
	"fmt"
	"os"
	"strings"
)

func main() {
	fixtures := flag.String("fixtures", "",
		"check the fixtures of DIR (good-*.yaml must pass, bad-*.yaml must fail as their"+
			" '# expect:' lines say) instead of validating FILEs")
	public := flag.String("public", "",
		"comma-separated Services that may be reached from outside the cluster; every other"+
			" Service must be cluster-local (without the flag visibility is not checked)")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(),
			"usage: %s [-public NAME,...] FILE...\n       %s -fixtures DIR\n", os.Args[0], os.Args[0])
		flag.PrintDefaults()
	}
	flag.Parse()

	if *fixtures != "" {
		if flag.NArg() != 0 || *public != "" {
			flag.Usage()
			os.Exit(2)
		}
		failures, err := CheckFixtures(*fixtures)
		if err != nil {
			fmt.Fprintln(os.Stderr, "validate-knative-serving:", err)
			os.Exit(2)
		}
		for _, f := range failures {
			fmt.Fprintln(os.Stderr, "FIXTURE", f)
		}
		if len(failures) > 0 {
			os.Exit(1)
		}
		fmt.Printf("validate-knative-serving: fixtures of %s behave as expected\n", *fixtures)
		return
	}

	if flag.NArg() == 0 {
		flag.Usage()
		os.Exit(2)
	}
	opts := Options{}
	if *public != "" {
		opts = Options{Visibility: true, Public: strings.Split(*public, ",")}
	}
	failed := false
	for _, file := range flag.Args() {
		data, err := os.ReadFile(file)
		if err != nil {
			fmt.Fprintln(os.Stderr, "validate-knative-serving:", err)
			os.Exit(2)
		}
		report, err := ValidateDocuments(data, opts)
		if err != nil {
			fmt.Fprintf(os.Stderr, "validate-knative-serving: %s: %v\n", file, err)
			os.Exit(2)
		}
		for _, p := range report.Problems {
			fmt.Fprintf(os.Stderr, "%s: %s\n", file, p)
		}
		if len(report.Problems) > 0 {
			failed = true
		}
		fmt.Printf("validate-knative-serving: %s: %d Knative Serving object(s) checked, %d problem(s)\n",
			file, report.Checked, len(report.Problems))
	}
	if failed {
		os.Exit(1)
	}
}
