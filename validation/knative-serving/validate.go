package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"

	authenticationv1 "k8s.io/api/authentication/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	netapi "knative.dev/networking/pkg/apis/networking"
	"knative.dev/pkg/apis"
	"knative.dev/pkg/logging"
	webhookjson "knative.dev/pkg/webhook/json"
	"knative.dev/pkg/webhook/resourcesemantics"
	"knative.dev/serving/pkg/apis/config"
	"knative.dev/serving/pkg/apis/serving"
	servingv1 "knative.dev/serving/pkg/apis/serving/v1"
	servingv1beta1 "knative.dev/serving/pkg/apis/serving/v1beta1"
	"sigs.k8s.io/yaml"
)

// servingTypes are the serving.knative.dev kinds Serving's webhook defaults and validates
// (knative.dev/serving cmd/webhook/main.go, the `types` map); the autoscaling and networking
// kinds of that map are internal objects Serving creates itself, never written by hand.
var servingTypes = map[schema.GroupVersionKind]func() resourcesemantics.GenericCRD{
	servingv1.SchemeGroupVersion.WithKind("Service"):            func() resourcesemantics.GenericCRD { return &servingv1.Service{} },
	servingv1.SchemeGroupVersion.WithKind("Configuration"):      func() resourcesemantics.GenericCRD { return &servingv1.Configuration{} },
	servingv1.SchemeGroupVersion.WithKind("Route"):              func() resourcesemantics.GenericCRD { return &servingv1.Route{} },
	servingv1.SchemeGroupVersion.WithKind("Revision"):           func() resourcesemantics.GenericCRD { return &servingv1.Revision{} },
	servingv1beta1.SchemeGroupVersion.WithKind("DomainMapping"): func() resourcesemantics.GenericCRD { return &servingv1beta1.DomainMapping{} },
}

// Problem is one diagnostic about one object: where (a field path inside the object, not a
// file position, so it reads the same for every rendering) and what Serving said.
type Problem struct {
	Object  string // Kind namespace/name
	Level   string // "error" or "warning" as Serving's webhook classifies it, "drift" (drift.go) or "policy" (Options)
	Path    string // field path inside the object; empty for the object as a whole
	Message string
}

func (p Problem) String() string {
	where := p.Object
	if p.Path != "" {
		where += " " + p.Path
	}
	return fmt.Sprintf("%s: %s: %s", where, p.Level, p.Message)
}

// Options are spamflow's policy on top of Serving's own rules.
type Options struct {
	// Visibility, when set, requires every Service not named in Public to carry the label
	// networking.knative.dev/visibility: cluster-local, spelt exactly: Serving's route
	// reconciler makes a Route cluster-local only for that value (pkg/reconciler/route/domains,
	// domains.go) and its webhook accepts any other value, a typo included, as "external".
	Visibility bool
	Public     []string // Services that may be reached from outside the cluster
}

// Report is the outcome of validating one stream of documents.
type Report struct {
	Checked  int // serving.knative.dev objects defaulted and validated
	Problems []Problem
}

// webhookContext is the context Serving's defaulting and validating admission controllers hand
// to SetDefaults and Validate on a create (knative.dev/pkg webhook/resourcesemantics/defaulting
// and validation, decodeRequestAndPrepareContext): the config store's ToContext with
// config-defaults and config-features, the requesting user, and WithinCreate. Both ConfigMaps
// are taken with Knative's own defaults (empty data), so a manifest that passes here needs no
// change to a stock installation's configuration.
func webhookContext() (context.Context, error) {
	defaults, err := config.NewDefaultsConfigFromMap(map[string]string{})
	if err != nil {
		return nil, fmt.Errorf("config-defaults: %w", err)
	}
	features, err := config.NewFeaturesConfigFromMap(map[string]string{})
	if err != nil {
		return nil, fmt.Errorf("config-features: %w", err)
	}
	ctx := logging.WithLogger(context.Background(), logging.FromContext(context.Background()))
	ctx = config.ToContext(ctx, &config.Config{Defaults: defaults, Features: features})
	// Argo CD (or kubectl) applies as some user; SetDefaults records it in the creator
	// annotations exactly as it would on a cluster.
	ctx = apis.WithUserInfo(ctx, &authenticationv1.UserInfo{Username: "system:serviceaccount:argocd:argocd-application-controller"})
	return apis.WithinCreate(ctx), nil
}

// ValidateDocuments defaults and validates every serving.knative.dev object of a multi-document
// YAML stream; other kinds are skipped (they are kubeconform's and the typed checks' business).
func ValidateDocuments(data []byte, opts Options) (Report, error) {
	var report Report
	ctx, err := webhookContext()
	if err != nil {
		return report, err
	}
	reader := utilyaml.NewYAMLReader(bufio.NewReader(bytes.NewReader(data)))
	for index := 0; ; index++ {
		doc, err := reader.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return report, fmt.Errorf("document %d: %w", index, err)
		}
		// Strict: a duplicated key is an error, as it is for kubectl and Argo CD.
		raw, err := yaml.YAMLToJSONStrict(doc)
		if err != nil {
			return report, fmt.Errorf("document %d: %w", index, err)
		}
		if len(bytes.TrimSpace(raw)) == 0 || string(bytes.TrimSpace(raw)) == "null" {
			continue
		}
		var head struct {
			APIVersion string `json:"apiVersion"`
			Kind       string `json:"kind"`
			Metadata   struct {
				Name      string `json:"name"`
				Namespace string `json:"namespace"`
			} `json:"metadata"`
		}
		if err := json.Unmarshal(raw, &head); err != nil {
			return report, fmt.Errorf("document %d is not an object: %w", index, err)
		}
		gvk := schema.FromAPIVersionAndKind(head.APIVersion, head.Kind)
		object := fmt.Sprintf("%s %s/%s", head.Kind, head.Metadata.Namespace, head.Metadata.Name)
		newObject, ok := servingTypes[gvk]
		if !ok {
			if gvk.Group == servingv1.SchemeGroupVersion.Group {
				report.Problems = append(report.Problems, Problem{object, "error", "apiVersion",
					fmt.Sprintf("%s is not a kind Serving's webhook admits", gvk)})
			}
			continue
		}
		report.Checked++
		target := newObject()
		report.Problems = append(report.Problems, validateObject(ctx, object, raw, target)...)
		if service, ok := target.(*servingv1.Service); ok && opts.Visibility {
			report.Problems = append(report.Problems, visibilityProblems(object, service, opts.Public)...)
		}
	}
	sort.SliceStable(report.Problems, func(i, j int) bool {
		return report.Problems[i].Object < report.Problems[j].Object
	})
	return report, nil
}

func visibilityProblems(object string, service *servingv1.Service, public []string) []Problem {
	if slices.Contains(public, service.Name) {
		return nil
	}
	value, ok := service.Labels[netapi.VisibilityLabelKey]
	if ok && value == serving.VisibilityClusterLocal {
		return nil
	}
	path := "metadata.labels." + netapi.VisibilityLabelKey
	message := fmt.Sprintf("missing: the Service would be reachable from outside the cluster; label it %s"+
		" or name it public", serving.VisibilityClusterLocal)
	if ok {
		message = fmt.Sprintf("%q is not %q: the Service would be reachable from outside the cluster",
			value, serving.VisibilityClusterLocal)
	}
	return []Problem{{object, "policy", path, message}}
}

func validateObject(ctx context.Context, object string, raw []byte, target resourcesemantics.GenericCRD) []Problem {
	// The webhook's own decoder (knative.dev/pkg/webhook/json). It runs with unknown fields
	// allowed on a cluster because the CRD schema has pruned them by then; offline nothing has,
	// so unknown fields are refused here instead of silently dropped.
	if err := webhookjson.Decode(raw, target, true); err != nil {
		return []Problem{{object, "error", "", "cannot decode: " + err.Error()}}
	}
	target.SetDefaults(ctx)
	problems := driftProblems(object, raw, target)
	fieldErrors := target.Validate(ctx)
	for _, fe := range fieldErrors.WrappedErrors() { // nil-safe: no error, no item
		level := "error"
		if fe.Level == apis.WarningLevel {
			level = "warning"
		}
		message := fe.Message
		if fe.Details != "" {
			message += " (" + strings.ReplaceAll(fe.Details, "\n", " ") + ")"
		}
		paths := fe.Paths
		if len(paths) == 0 {
			paths = []string{""}
		}
		for _, path := range paths {
			problems = append(problems, Problem{object, level, path, message})
		}
	}
	sort.SliceStable(problems, func(i, j int) bool { return problems[i].Path < problems[j].Path })
	return problems
}
