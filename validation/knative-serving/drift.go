package main

import (
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strings"
)

// driftProblems compares a manifest with the object Serving's webhook stores for it (the
// manifest defaulted) the way Argo CD compares desired and live state of a custom resource:
// argoproj/gitops-engine pkg/diff/diff.go (threeWayMergePatch) first removes from the live
// object every field the last-applied manifest does not state (pkg/utils/json/json.go,
// RemoveMapFields, recursing into lists by index and keeping live list items past the
// manifest's length), then diffs with a JSON merge patch. So a field the webhook *adds* is no
// drift, but a value it *changes*, a field it *drops* (an empty value Go's omitempty loses) and a
// list item it *appends* stay OutOfSync forever. Those are reported, one per path.
func driftProblems(object string, manifest []byte, stored any) []Problem {
	var desired, live any
	if err := json.Unmarshal(manifest, &desired); err != nil {
		return []Problem{{object, "error", "", "cannot read the manifest back: " + err.Error()}}
	}
	liveBytes, err := json.Marshal(stored)
	if err != nil {
		return []Problem{{object, "error", "", "cannot encode the defaulted object: " + err.Error()}}
	}
	if err := json.Unmarshal(liveBytes, &live); err != nil {
		return []Problem{{object, "error", "", "cannot read the defaulted object back: " + err.Error()}}
	}
	var problems []Problem
	compare("", desired, removeFields(desired, live), func(path, what string) {
		problems = append(problems, Problem{object, "drift", path,
			what + " by Serving's defaulting: Argo CD would show the object OutOfSync after every sync"})
	})
	return problems
}

// removeFields is gitops-engine's pkg/utils/json removeFields: live without what config lacks.
func removeFields(config, live any) any {
	switch c := config.(type) {
	case map[string]any:
		if l, ok := live.(map[string]any); ok {
			result := map[string]any{}
			for k, v := range c {
				if lv, ok := l[k]; ok {
					if lv != nil {
						lv = removeFields(v, lv)
					}
					result[k] = lv
				}
			}
			return result
		}
	case []any:
		if l, ok := live.([]any); ok {
			result := make([]any, 0, len(l))
			for i, lv := range l {
				if i < len(c) && lv != nil {
					lv = removeFields(c[i], lv)
				}
				result = append(result, lv)
			}
			return result
		}
	}
	return live
}

func compare(path string, desired, live any, report func(path, what string)) {
	switch d := desired.(type) {
	case map[string]any:
		l, ok := live.(map[string]any)
		if !ok {
			report(path, fmt.Sprintf("changed to %s", short(live)))
			return
		}
		keys := make([]string, 0, len(d))
		for k := range d {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			child := join(path, k)
			lv, ok := l[k]
			if !ok {
				report(child, fmt.Sprintf("%s dropped", short(d[k])))
				continue
			}
			compare(child, d[k], lv, report)
		}
	case []any:
		l, ok := live.([]any)
		if !ok {
			report(path, fmt.Sprintf("changed to %s", short(live)))
			return
		}
		for i := range d {
			child := fmt.Sprintf("%s[%d]", path, i)
			if i >= len(l) {
				report(child, fmt.Sprintf("%s dropped", short(d[i])))
				continue
			}
			compare(child, d[i], l[i], report)
		}
		for i := len(d); i < len(l); i++ {
			report(fmt.Sprintf("%s[%d]", path, i), fmt.Sprintf("%s appended", short(l[i])))
		}
	default:
		if !reflect.DeepEqual(desired, live) {
			report(path, fmt.Sprintf("%s changed to %s", short(desired), short(live)))
		}
	}
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func short(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	s := string(b)
	if len(s) > 80 {
		s = s[:77] + "..."
	}
	return strings.ReplaceAll(s, "\n", " ")
}
