package docsnippets

import (
	"bufio"
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// packages are the import paths of the package names the documents use.
var packages = map[string]string{
	"authservice": "github.com/bosgo/bosgo/desktop/authservice",
	"context":     "context",
	"core":        "github.com/bosgo/bosgo/core",
	"devtest":     "github.com/bosgo/bosgo/devtest",
	"errors":      "errors",
	"filepath":    "path/filepath",
	"fmt":         "fmt",
	"fs":          "io/fs",
	"json":        "encoding/json",
	"http":        "net/http",
	"log":         "log",
	"opener":      "github.com/bosgo/bosgo/desktop/opener",
	"options":     "github.com/wailsapp/wails/v2/pkg/options",
	"os":          "os",
	"storetest":   "github.com/bosgo/bosgo/core/storetest",
	"strings":     "strings",
	"sync":        "sync",
	"testenv":     "github.com/bosgo/bosgo/internal/testenv",
	"testing":     "testing",
	"time":        "time",
	"tokenstore":  "github.com/bosgo/bosgo/desktop/tokenstore",
	"url":         "net/url",
	"wails":       "github.com/wailsapp/wails/v2",
}

// prelude declares, at package level, the names that fragments take for
// granted: the reader's own values. A block that declares one of them
// itself shadows it.
var prelude = map[string]string{
	"adminEmail":      "var adminEmail string",
	"adminPassword":   "var adminPassword string",
	"askUser":         "func askUser(prompt string) string { return prompt }",
	"baseURL":         "var baseURL string",
	"code":            "var code string",
	"codeFromTheMail": "var codeFromTheMail string",
	"codeFromUser":    "var codeFromUser string",
	"configDir":       "var configDir string",
	"ctx":             "var ctx context.Context",
	"deviceID":        "var deviceID string",
	"email":           "var email string",
	"me":              "var me string",
	"myDir":           "var myDir string",
	"newMyStore":      "func newMyStore(*testing.T) core.AuthStore { return core.NewMemoryStore() }",
	"openInBrowser":   "func openInBrowser(string) error { return nil }",
	"password":        "var password string",
	"pb":              "var pb *core.Client",
	"platform":        "type platform struct{}\nfunc (*platform) startup(context.Context) {}\nfunc (*platform) shutdown() {}\nfunc (*platform) Emit(string, any) {}",
	"query":           "var query string",
	"r":               "var r *http.Request",
	"serverURL":       "var serverURL string",
	"title":           "var title string",
	"token":           "var token string",
	"userID":          "var userID string",
	"userPath":        "var userPath string",
	"users":           "var users *core.RecordService",
	"w":               "var w http.ResponseWriter",
}

// block is one ```go block of a Markdown file.
type block struct {
	file string // relative to the repository root
	line int    // of the first line of code
	src  string
}

func TestDocSnippetsCompile(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles every snippet with go vet")
	}
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	docs, _ := filepath.Glob(filepath.Join(root, "docs", "*.md"))
	var blocks []block
	for _, f := range append([]string{filepath.Join(root, "README.md")}, docs...) {
		blocks = append(blocks, extract(t, root, f)...)
	}
	// The package documentation of core is the first screen of go doc.
	blocks = append(blocks, extractGodoc(t, root, filepath.Join(root, "core", "doc.go"))...)
	if len(blocks) < 20 {
		t.Fatalf("found only %d Go blocks in README.md and docs/*.md", len(blocks))
	}
	// The blocks are packages of a throwaway module in a temporary
	// directory, nested under this module's path (so internal/testenv
	// stays importable) and pointed at this tree with a replace directive:
	// nothing is written into the tree.
	dir := t.TempDir()
	gomod := "module github.com/bosgo/bosgo/internal/docsnippets/generated\n\ngo 1.26.0\n\n" +
		"require github.com/bosgo/bosgo v0.0.0\n\nreplace github.com/bosgo/bosgo => " + strconvQuote(root) + "\n"
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(dir, "go.mod"), gomod)
	write(t, filepath.Join(dir, "go.sum"), string(sum))
	var pkgs []string
	for i, b := range blocks {
		src, err := generate(b, blocks[:i])
		if err != nil {
			t.Errorf("%s:%d: %v", b.file, b.line, err)
			continue
		}
		name := fmt.Sprintf("s%03d", i)
		write(t, filepath.Join(dir, name, "snippet.go"), src)
		pkgs = append(pkgs, "./"+name)
	}
	cmd := exec.Command("go", append([]string{"vet"}, pkgs...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
	out, err := cmd.CombinedOutput()
	if err != nil {
		for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
			if strings.HasPrefix(line, "#") {
				continue
			}
			t.Error(snippetDir.ReplaceAllString(line, ""))
		}
		t.Fatalf("go vet of the documents' Go blocks failed (%v); positions are in the Markdown files", err)
	}
}

// snippetDir matches the generated package directory that go vet puts
// before the Markdown positions.
var snippetDir = regexp.MustCompile(`\bs\d{3}/`)

func write(t *testing.T, path, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func strconvQuote(s string) string { return strconv.Quote(s) }

func mustRel(t *testing.T, root, path string) string {
	rel, err := filepath.Rel(root, path)
	if err != nil {
		t.Fatal(err)
	}
	return rel
}

// extract returns the ```go blocks of a Markdown file.
func extract(t *testing.T, root, path string) []block {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var (
		out  []block
		cur  *block
		body strings.Builder
	)
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		trimmed := strings.TrimSpace(line)
		switch {
		case cur == nil && trimmed == "```go":
			cur = &block{file: filepath.ToSlash(mustRel(t, root, path)), line: n + 1}
			body.Reset()
		case cur != nil && trimmed == "```":
			cur.src = body.String()
			out = append(out, *cur)
			cur = nil
		case cur != nil:
			body.WriteString(line)
			body.WriteByte('\n')
		}
	}
	if cur != nil {
		t.Errorf("%s:%d: unterminated Go block", cur.file, cur.line)
	}
	return out
}

// extractGodoc returns the code blocks (lines indented by a tab) of a Go
// file's comments.
func extractGodoc(t *testing.T, root, path string) []block {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var (
		out []block
		cur *block
	)
	for n, line := range strings.Split(string(data), "\n") {
		code, ok := strings.CutPrefix(line, "//\t")
		switch {
		case ok && cur == nil:
			cur = &block{file: filepath.ToSlash(mustRel(t, root, path)), line: n + 1, src: code + "\n"}
		case ok:
			cur.src += code + "\n"
		case cur != nil:
			out = append(out, *cur)
			cur = nil
		}
	}
	if len(out) == 0 {
		t.Errorf("%s: no code blocks found", path)
	}
	return out
}

// generate turns a block into a Go file of its own package. A block of
// declarations that uses a name declared by an earlier block of
// declarations in the same document (a test for the type shown above it)
// gets that block too.
func generate(b block, earlier []block) (string, error) {
	fset := token.NewFileSet()
	var (
		decls     string // the block as file-level declarations
		body      string // or as a function body
		imports   = map[string]bool{}
		declared  = map[string]bool{}
		parsedSrc ast.Node
	)
	if f, err := parser.ParseFile(fset, "", "package p\n"+b.src, parser.ParseComments); err == nil {
		// Declarations. Its own imports become part of the generated
		// block; an import-only block checks that the paths exist.
		onlyImports := true
		for _, d := range f.Decls {
			if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.IMPORT {
				for _, s := range g.Specs {
					p := strings.Trim(s.(*ast.ImportSpec).Path.Value, `"`)
					imports[p] = true
				}
				continue
			}
			onlyImports = false
			for _, name := range declNames(d) {
				declared[name] = true
			}
		}
		if onlyImports {
			var sb strings.Builder
			sb.WriteString("package snippet\n\n")
			for p := range imports {
				fmt.Fprintf(&sb, "import _ %q\n", p)
			}
			return sb.String(), nil
		}
		decls = stripImports(b.src, f, fset)
		parsedSrc = f
	} else {
		fn, err := parser.ParseFile(fset, "", "package p\nfunc _() {\n"+b.src+"\n}\n", 0)
		if err != nil {
			return "", fmt.Errorf("neither declarations nor statements: %v", err)
		}
		body = b.src
		parsedSrc = fn
		// A block that ends with a return needs no "return nil".
		stmts := fn.Decls[0].(*ast.FuncDecl).Body.List
		if len(stmts) == 0 || !isReturn(stmts[len(stmts)-1]) {
			body += "return nil\n"
		}
	}
	used := map[string]bool{}
	ast.Inspect(parsedSrc, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			used[id.Name] = true
		}
		return true
	})
	var before []string // earlier blocks this one builds on
	if decls != "" {
		for _, e := range earlier {
			if e.file != b.file {
				continue
			}
			ef, err := parser.ParseFile(token.NewFileSet(), "", "package p\n"+e.src, 0)
			if err != nil {
				continue
			}
			needed := false
			for _, d := range ef.Decls {
				for _, name := range declNames(d) {
					if used[name] && !declared[name] {
						needed = true
					}
				}
			}
			if !needed {
				continue
			}
			for _, d := range ef.Decls {
				for _, name := range declNames(d) {
					declared[name] = true
				}
				if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.IMPORT {
					for _, sp := range g.Specs {
						imports[strings.Trim(sp.(*ast.ImportSpec).Path.Value, `"`)] = true
					}
				}
			}
			ast.Inspect(ef, func(n ast.Node) bool {
				if id, ok := n.(*ast.Ident); ok {
					used[id.Name] = true
				}
				return true
			})
			parsedSrc = &ast.File{Name: ast.NewIdent("p"), Decls: append(parsedSrc.(*ast.File).Decls, ef.Decls...)}
			before = append(before, fmt.Sprintf("//line %s:%d\n%s", e.file, e.line, stripImports(e.src, ef, token.NewFileSet())))
		}
	}
	var pre []string
	for name, decl := range prelude {
		if used[name] && !declared[name] {
			pre = append(pre, decl)
			for _, id := range identsOf(decl) {
				used[id] = true
			}
		}
	}
	slices.Sort(pre)
	for name, path := range packages {
		if used[name] && !declared[name] && (selectorUse(parsedSrc, name) || preludeUses(pre, name)) {
			imports[path] = true
		}
	}
	var sb strings.Builder
	sb.WriteString("package snippet\n\n")
	paths := make([]string, 0, len(imports))
	for p := range imports {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	for _, p := range paths {
		fmt.Fprintf(&sb, "import %q\n", p)
	}
	sb.WriteString("\n")
	for _, d := range pre {
		sb.WriteString(d + "\n")
	}
	for _, e := range before {
		sb.WriteString("\n" + e)
	}
	if decls != "" {
		fmt.Fprintf(&sb, "\n//line %s:%d\n%s", b.file, b.line, decls)
	} else {
		fmt.Fprintf(&sb, "\nfunc _() error {\n//line %s:%d\n%s}\n", b.file, b.line, body)
	}
	return sb.String(), nil
}

func isReturn(s ast.Stmt) bool { _, ok := s.(*ast.ReturnStmt); return ok }

// stripImports blanks the block's import declarations, keeping its lines.
func stripImports(src string, f *ast.File, fset *token.FileSet) string {
	lines := strings.Split(src, "\n")
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.IMPORT {
			continue
		}
		// Positions are shifted by the "package p" line.
		from, to := fset.Position(g.Pos()).Line-2, fset.Position(g.End()).Line-2
		for i := from; i <= to && i < len(lines); i++ {
			lines[i] = ""
		}
	}
	return strings.Join(lines, "\n")
}

// declNames returns the names a top-level declaration declares.
func declNames(d ast.Decl) []string {
	var out []string
	switch d := d.(type) {
	case *ast.FuncDecl:
		if d.Recv == nil {
			out = append(out, d.Name.Name)
		}
	case *ast.GenDecl:
		for _, s := range d.Specs {
			switch s := s.(type) {
			case *ast.TypeSpec:
				out = append(out, s.Name.Name)
			case *ast.ValueSpec:
				for _, n := range s.Names {
					out = append(out, n.Name)
				}
			}
		}
	}
	return out
}

// selectorUse reports whether name is used as X in a selector X.Sel.
func selectorUse(n ast.Node, name string) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		if s, ok := n.(*ast.SelectorExpr); ok {
			if id, ok := s.X.(*ast.Ident); ok && id.Name == name {
				found = true
			}
		}
		return !found
	})
	return found
}

func preludeUses(pre []string, name string) bool {
	for _, d := range pre {
		if strings.Contains(d, name+".") {
			return true
		}
	}
	return false
}

// identsOf returns the package names a prelude declaration refers to.
func identsOf(decl string) []string {
	var out []string
	for name := range packages {
		if strings.Contains(decl, name+".") {
			out = append(out, name)
		}
	}
	return out
}
