package region

import (
	"fmt"
	"slices"
	"strings"
)

// Tree is an in-memory division tree for fast queries. It is immutable once built and therefore
// safe for concurrent use; to change regions, build a new Tree and swap it in.
//
// Nodes are stored in preorder, so a subtree is a contiguous run of nodes: Subtree is a slice
// copy and InSubtree, which authorisation calls for every record a user may see, is two integer
// comparisons.
type Tree struct {
	nodes  []node
	index  map[string]int32
	roots  []int32
	search searchIndex
}

type node struct {
	Region
	parent int32 // -1 for a root
	end    int32 // one past the last descendant in preorder
}

// NewTree builds a tree from regions in any order. Every region must pass the same checks as an
// imported row (valid code, non-empty name, level and parent as the code implies), codes must be
// unique, and every non-empty Parent must be in rs. A region with an empty Parent is a root; it
// need not be a province (a tree of one league is fine), but a root whose implied parent is
// present in rs is rejected, because InSubtree would then wrongly exclude it from that parent.
func NewTree(rs []Region) (*Tree, error) {
	index := make(map[string]int32, len(rs))
	for i, r := range rs {
		if err := checkRegion(r); err != nil {
			return nil, fmt.Errorf("region: %w", err)
		}
		if _, dup := index[r.Code]; dup {
			return nil, fmt.Errorf("region: duplicate code %s", r.Code)
		}
		index[r.Code] = int32(i)
	}

	// Children are collected in code order so that the preorder lists siblings by code.
	order := make([]int32, len(rs))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int { return strings.Compare(rs[a].Code, rs[b].Code) })
	children := make([][]int32, len(rs))
	var roots []int32
	for _, i := range order {
		r := rs[i]
		if r.Parent == "" {
			if p := ParentOfCode(r.Code); p != "" {
				if _, ok := index[p]; ok {
					return nil, fmt.Errorf("region: %s has no parent but its parent %s is in the tree", r.Code, p)
				}
			}
			roots = append(roots, i)
			continue
		}
		p, ok := index[r.Parent]
		if !ok {
			return nil, fmt.Errorf("region: parent %s of %s is missing", r.Parent, r.Code)
		}
		children[p] = append(children[p], i)
	}

	t := &Tree{
		nodes: make([]node, 0, len(rs)),
		index: make(map[string]int32, len(rs)),
	}
	// Iterative preorder walk: the deepest chain is only five levels, but an explicit stack keeps
	// the end bookkeeping in one place.
	type frame struct {
		src  int32 // index in rs
		pos  int32 // index in t.nodes
		next int   // next child to visit
	}
	var stack []frame
	visit := func(src, parent int32) {
		pos := int32(len(t.nodes))
		r := rs[src]
		t.nodes = append(t.nodes, node{Region: r, parent: parent})
		t.index[r.Code] = pos
		stack = append(stack, frame{src: src, pos: pos})
	}
	for _, root := range roots {
		t.roots = append(t.roots, int32(len(t.nodes)))
		visit(root, -1)
		for len(stack) > 0 {
			top := &stack[len(stack)-1]
			if top.next < len(children[top.src]) {
				child := children[top.src][top.next]
				top.next++
				visit(child, top.pos)
				continue
			}
			t.nodes[top.pos].end = int32(len(t.nodes))
			stack = stack[:len(stack)-1]
		}
	}

	t.search = newSearchIndex(t.nodes)
	return t, nil
}

// Len returns the number of regions in the tree.
func (t *Tree) Len() int { return len(t.nodes) }

// Get returns the region with the given code.
func (t *Tree) Get(code string) (Region, bool) {
	i, ok := t.index[code]
	if !ok {
		return Region{}, false
	}
	return t.nodes[i].Region, true
}

// Roots returns the regions without a parent, sorted by code.
func (t *Tree) Roots() []Region {
	out := make([]Region, len(t.roots))
	for k, i := range t.roots {
		out[k] = t.nodes[i].Region
	}
	return out
}

// Children returns the regions directly below code, sorted by code; nil if there are none or code
// is not in the tree.
func (t *Tree) Children(code string) []Region {
	i, ok := t.index[code]
	if !ok {
		return nil
	}
	var out []Region
	// In preorder the first child follows its parent and each sibling follows the previous
	// sibling's subtree.
	for c := i + 1; c < t.nodes[i].end; c = t.nodes[c].end {
		out = append(out, t.nodes[c].Region)
	}
	return out
}

// Ancestors returns the regions above code, root first, excluding code itself; nil for a root
// or an unknown code.
func (t *Tree) Ancestors(code string) []Region {
	i, ok := t.index[code]
	if !ok {
		return nil
	}
	var out []Region
	for p := t.nodes[i].parent; p >= 0; p = t.nodes[p].parent {
		out = append(out, t.nodes[p].Region)
	}
	slices.Reverse(out)
	return out
}

// Subtree returns code's region followed by all its descendants in preorder (each region before
// its children, siblings by code); nil for an unknown code.
func (t *Tree) Subtree(code string) []Region {
	i, ok := t.index[code]
	if !ok {
		return nil
	}
	nodes := t.nodes[i:t.nodes[i].end]
	out := make([]Region, len(nodes))
	for k := range nodes {
		out[k] = nodes[k].Region
	}
	return out
}

// InSubtree reports whether code is root or one of its descendants. It is false when either code
// is not in the tree, so an unknown region never grants access. It runs in constant time.
func (t *Tree) InSubtree(root, code string) bool {
	r, ok := t.index[root]
	if !ok {
		return false
	}
	c, ok := t.index[code]
	if !ok {
		return false
	}
	return r <= c && c < t.nodes[r].end
}

// Path returns the names from the root down to code joined by " / ", e.g.
// "内蒙古自治区 / 阿拉善盟 / 阿拉善左旗 / 巴彦浩特镇"; "" for an unknown code.
func (t *Tree) Path(code string) string {
	i, ok := t.index[code]
	if !ok {
		return ""
	}
	var names []string
	for p := i; p >= 0; p = t.nodes[p].parent {
		names = append(names, t.nodes[p].Name)
	}
	slices.Reverse(names)
	return strings.Join(names, " / ")
}
