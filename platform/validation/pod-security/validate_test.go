package main

import "testing"

// The fixtures are the validator's specification: good ones pass, each bad one fails with the
// messages it names (the same run scripts use before validating anything).
func TestFixtures(t *testing.T) {
	if err := selfTest("testdata"); err != nil {
		t.Fatal(err)
	}
}
