// Package docsnippets holds the test that compiles every Go code block of
// README.md and docs/*.md, and the code of core's package documentation
// (core/doc.go, the first screen of go doc), so that a document cannot
// drift from the API.
//
// Each ```go block becomes a package of its own, given to go vet through
// an -overlay (nothing is written into the tree): a block that parses as
// Go declarations is used as a file; any other block is a fragment and
// becomes the body of a function returning error. Imports are added for
// the package names the block uses, and the names a fragment takes for
// granted (ctx, pb, users, email, code…) are declared by a prelude (see
// prelude in the test); a //line directive makes go vet report positions
// in the Markdown file. A fragment must therefore compile as written:
// every variable it declares is used, and every error is handled.
package docsnippets
