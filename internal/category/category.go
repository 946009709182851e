// Package category holds the request category tree of the hotline (诉求分类): the built-in tree
// every installation starts with, importers for the taxonomy files administrators bring along,
// and the rules every tree must keep.
//
// A category code is a dotted path ("C04.01.02"), so every code below a category starts with
// that category's code and a dot. Storage filters a subtree by code prefix and the deadline
// policy walks from a code up to its ancestors by cutting the last segment, so the rule that a
// parent is its child's code without the last segment is checked, not just assumed.
package category

import (
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"tongban/internal/fault"
)

// Category is a node of the request category tree (诉求分类). Parent is empty for a top-level
// category. NameMN is the Mongolian name; it stays empty until a translator fills it in, and the
// surfaces fall back to NameZH. Position orders siblings; Active is false for a category that is
// kept only because old orders refer to it.
//
// The fields are those of storage.Category, so a slice converts element by element with a plain
// type conversion.
type Category struct {
	Code     string `json:"code"`
	Parent   string `json:"parent,omitempty"`
	NameZH   string `json:"name_zh"`
	NameMN   string `json:"name_mn"`
	Position int    `json:"position"`
	Active   bool   `json:"active"`
}

// Limits of the tree.
const (
	// MaxDepth is the number of levels a tree may have. It is three because every taxonomy the
	// hotline works with (the policy areas of the source document, the national 3-level
	// taxonomy, Beijing's 12345 paths) has three, and the intake form offers one drop-down per
	// level.
	MaxDepth = 3
	// MaxCodeLen is the longest code, in bytes.
	MaxCodeLen = 64
	// MaxNameRunes is the longest Chinese name, in characters: long enough for the longest real
	// name in the reference taxonomies, short enough for a drop-down.
	MaxNameRunes = 50
	// MaxNameMNRunes is the longest Mongolian name. It is larger than MaxNameRunes because
	// Mongolian spells out in several words what Chinese says in a few characters.
	MaxNameMNRunes = 200
	// MaxChildren is the number of children one category can have in generated codes, which
	// use two digits per level so that sorting codes as strings sorts the tree.
	MaxChildren = 99
)

// PathSeparator joins the names of a category and its ancestors in Path.
const PathSeparator = " / "

// codePattern is the shape of every code: URL- and filename-safe, so codes can appear in query
// strings, CSV exports and translation keys without escaping.
var codePattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)

// ParentCode returns the code of the parent of code: code without its last dotted segment, or ""
// for a top-level code.
func ParentCode(code string) string {
	if i := strings.LastIndexByte(code, '.'); i >= 0 {
		return code[:i]
	}
	return ""
}

// Validate checks a whole tree as it would be stored: every code well formed and unique, every
// parent present earlier in the slice and equal to the code without its last segment, at most
// MaxDepth levels, names present and unique among siblings, and no active category below an
// inactive one (it could not be reached in the category picker). It returns nil or a fault.List
// whose entries name the offending code in Field.
func Validate(cs []Category) error {
	var errs fault.List
	seen := make(map[string]int, len(cs))            // code → index
	active := make(map[string]bool, len(cs))         // code → Active, for codes seen so far
	siblingZH := make(map[[2]string]string, len(cs)) // {parent, name} → code
	siblingMN := make(map[[2]string]string, len(cs))
	later := make(map[string]bool, len(cs))
	for _, c := range cs {
		later[c.Code] = true
	}

	for i, c := range cs {
		field := c.Code
		if field == "" {
			field = fmt.Sprintf("[%d]", i)
		}
		if msg := checkCode(c.Code); msg != "" {
			errs.Add(field, "%s", msg)
		}
		if j, dup := seen[c.Code]; dup && c.Code != "" {
			errs.Add(field, "duplicate code (also at index %d)", j)
		}

		if want := ParentCode(c.Code); c.Parent != want {
			if want == "" {
				errs.Add(field, "a top-level code needs an empty parent, got %q", c.Parent)
			} else {
				errs.Add(field, "parent must be %q (the code without its last segment), got %q", want, c.Parent)
			}
		} else if c.Parent != "" {
			if _, ok := seen[c.Parent]; !ok {
				if later[c.Parent] {
					errs.Add(field, "parent %s must come before its children", c.Parent)
				} else {
					errs.Add(field, "parent %s does not exist", c.Parent)
				}
			} else if c.Active && !active[c.Parent] {
				errs.Add(field, "active category below inactive parent %s", c.Parent)
			}
		}

		if msg := checkName(c.NameZH, MaxNameRunes); msg != "" {
			errs.Add(field, "name_zh %s", msg)
		} else if other, dup := siblingZH[[2]string{c.Parent, c.NameZH}]; dup {
			errs.Add(field, "name_zh %q is also the name of sibling %s", c.NameZH, other)
		} else {
			siblingZH[[2]string{c.Parent, c.NameZH}] = c.Code
		}
		if c.NameMN != "" {
			if msg := checkName(c.NameMN, MaxNameMNRunes); msg != "" {
				errs.Add(field, "name_mn %s", msg)
			} else if other, dup := siblingMN[[2]string{c.Parent, c.NameMN}]; dup {
				errs.Add(field, "name_mn %q is also the name of sibling %s", c.NameMN, other)
			} else {
				siblingMN[[2]string{c.Parent, c.NameMN}] = c.Code
			}
		}
		if c.Position < 0 {
			errs.Add(field, "position must not be negative, got %d", c.Position)
		}

		if _, dup := seen[c.Code]; !dup {
			seen[c.Code] = i
			active[c.Code] = c.Active
		}
	}
	return errs.Err()
}

// checkCode returns why code is malformed, or "".
func checkCode(code string) string {
	switch {
	case code == "":
		return "code is required"
	case len(code) > MaxCodeLen:
		return fmt.Sprintf("code is longer than %d characters", MaxCodeLen)
	case !codePattern.MatchString(code):
		return "code may contain only letters, digits, '.', '_' and '-', and must start with a letter or digit"
	case strings.HasSuffix(code, ".") || strings.Contains(code, ".."):
		// A trailing or doubled dot would give a parent code that is not a category.
		return "code has an empty segment"
	case strings.Count(code, ".")+1 > MaxDepth:
		return fmt.Sprintf("code has more than %d levels", MaxDepth)
	}
	return ""
}

// checkName returns why name is not a usable category name, or "". Names are shown in drop-downs
// and exported to CSV, so control characters and surrounding spaces (which make two names that
// look the same compare different) are refused rather than silently cleaned.
func checkName(name string, maxRunes int) string {
	switch {
	case name == "":
		return "is required"
	case !utf8.ValidString(name):
		return "is not valid UTF-8"
	case strings.TrimSpace(name) != name:
		return "has leading or trailing spaces"
	case utf8.RuneCountInString(name) > maxRunes:
		return fmt.Sprintf("is longer than %d characters", maxRunes)
	case strings.IndexFunc(name, unicode.IsControl) >= 0:
		return "contains a control character"
	}
	return ""
}

// Tree returns the children of every category by parent code; the top-level categories are under
// "". Children are in display order: by Position, then by code. The slices are new; the input is
// not modified.
func Tree(cs []Category) map[string][]Category {
	t := make(map[string][]Category)
	for _, c := range cs {
		t[c.Parent] = append(t[c.Parent], c)
	}
	for _, kids := range t {
		slices.SortStableFunc(kids, func(a, b Category) int {
			return cmp.Or(cmp.Compare(a.Position, b.Position), strings.Compare(a.Code, b.Code))
		})
	}
	return t
}

// Path returns the Chinese names from the top-level category down to code, joined by
// PathSeparator: "公共服务 / 供水供电供暖供气 / 供水". It returns "" if code is not in cs. A broken
// chain (a missing parent) ends the path at the last category found, so an order filed under a
// category that has since lost its parent still shows something readable.
func Path(cs []Category, code string) string {
	byCode := make(map[string]Category, len(cs))
	for _, c := range cs {
		if _, dup := byCode[c.Code]; !dup {
			byCode[c.Code] = c
		}
	}
	var names []string
	// The bound stops a cycle in an unvalidated slice from looping forever.
	for range len(cs) {
		c, ok := byCode[code]
		if !ok {
			break
		}
		names = append(names, c.NameZH)
		if c.Parent == "" {
			break
		}
		code = c.Parent
	}
	slices.Reverse(names)
	return strings.Join(names, PathSeparator)
}
