package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"k8s.io/pod-security-admission/api"
	"k8s.io/pod-security-admission/policy"
	"sigs.k8s.io/yaml"
)

// The level every pod must meet, and the label a Namespace enforces it with.
var level = api.LevelVersion{Level: api.LevelRestricted, Version: api.LatestVersion()}

const enforceLabel = "pod-security.kubernetes.io/enforce"

// Validate evaluates every pod template of a multi-document YAML rendering at restricted:latest
// with the API server's own checks, and checks that every Namespace enforces that level. It
// returns the problems, one line each, and how many pod templates it evaluated.
func Validate(data []byte) ([]string, int, error) {
	evaluator, err := policy.NewEvaluator(policy.DefaultChecks())
	if err != nil {
		return nil, 0, err
	}
	var problems []string
	checked := 0
	reader := utilyaml.NewYAMLReader(bufio.NewReader(bytes.NewReader(data)))
	for {
		doc, err := reader.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, 0, err
		}
		var head struct {
			metav1.TypeMeta   `json:",inline"`
			metav1.ObjectMeta `json:"metadata"`
		}
		if err := yaml.Unmarshal(doc, &head); err != nil {
			return nil, 0, err
		}
		if head.Kind == "" {
			continue // an empty document
		}
		name := fmt.Sprintf("%s/%s", head.Kind, head.Name)
		if head.Namespace != "" {
			name = fmt.Sprintf("%s %s/%s", head.Kind, head.Namespace, head.Name)
		}
		if head.Kind == "Namespace" && head.APIVersion == "v1" {
			if got := head.Labels[enforceLabel]; got != string(api.LevelRestricted) {
				problems = append(problems, fmt.Sprintf("%s: label %s is %q, not %q", name, enforceLabel, got, api.LevelRestricted))
			}
			continue
		}
		meta, spec, err := podTemplate(head.APIVersion, head.Kind, doc)
		if err != nil {
			return nil, 0, fmt.Errorf("%s: %v", name, err)
		}
		if spec == nil {
			continue // not a kind that makes pods
		}
		checked++
		for _, result := range evaluator.EvaluatePod(level, meta, spec) {
			if result.Allowed {
				continue
			}
			text := result.ForbiddenReason
			if result.ForbiddenDetail != "" {
				text += " (" + result.ForbiddenDetail + ")"
			}
			problems = append(problems, fmt.Sprintf("%s: violates PodSecurity %q: %s", name, level.String(), text))
		}
	}
	return problems, checked, nil
}

// podTemplate returns the pod metadata and spec an object makes pods from, or a nil spec for a
// kind that makes none.
func podTemplate(apiVersion, kind string, doc []byte) (*metav1.ObjectMeta, *corev1.PodSpec, error) {
	strict := func(into any) error { return yaml.UnmarshalStrict(doc, into) }
	switch apiVersion + " " + kind {
	case "v1 Pod":
		var o corev1.Pod
		if err := strict(&o); err != nil {
			return nil, nil, err
		}
		return &o.ObjectMeta, &o.Spec, nil
	case "apps/v1 Deployment":
		var o appsv1.Deployment
		if err := strict(&o); err != nil {
			return nil, nil, err
		}
		return &o.Spec.Template.ObjectMeta, &o.Spec.Template.Spec, nil
	case "apps/v1 StatefulSet":
		var o appsv1.StatefulSet
		if err := strict(&o); err != nil {
			return nil, nil, err
		}
		return &o.Spec.Template.ObjectMeta, &o.Spec.Template.Spec, nil
	case "apps/v1 DaemonSet":
		var o appsv1.DaemonSet
		if err := strict(&o); err != nil {
			return nil, nil, err
		}
		return &o.Spec.Template.ObjectMeta, &o.Spec.Template.Spec, nil
	case "apps/v1 ReplicaSet":
		var o appsv1.ReplicaSet
		if err := strict(&o); err != nil {
			return nil, nil, err
		}
		return &o.Spec.Template.ObjectMeta, &o.Spec.Template.Spec, nil
	case "batch/v1 Job":
		var o batchv1.Job
		if err := strict(&o); err != nil {
			return nil, nil, err
		}
		return &o.Spec.Template.ObjectMeta, &o.Spec.Template.Spec, nil
	case "batch/v1 CronJob":
		var o batchv1.CronJob
		if err := strict(&o); err != nil {
			return nil, nil, err
		}
		return &o.Spec.JobTemplate.Spec.Template.ObjectMeta, &o.Spec.JobTemplate.Spec.Template.Spec, nil
	}
	return nil, nil, nil
}
