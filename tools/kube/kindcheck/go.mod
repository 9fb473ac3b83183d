// kind's config loader and Validate() live in sigs.k8s.io/kind/pkg/internal/..., which Go lets only
// packages whose import path starts with sigs.k8s.io/kind/pkg/ import. This module is named inside
// that tree (never published; no kind package has this path), the same mechanism that lets a
// nested module of a project import its parent's internal packages. Nothing is copied or patched.
module sigs.k8s.io/kind/pkg/bookstorekindcheck

go 1.26

require sigs.k8s.io/kind v0.32.0

require (
	github.com/pkg/errors v0.9.1 // indirect
	go.yaml.in/yaml/v3 v3.0.4 // indirect
)
