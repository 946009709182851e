package region

import (
	"cmp"
	"slices"
	"strings"
)

// Search match ranks, best first.
const (
	rankExact int8 = iota
	rankPrefix
	rankSubstring
)

// searchIndex serves Tree.Search. Entries are numbered in (level, code) order, so any list of
// hits kept in entry order is already ranked shallower first, and the names of all entries are
// packed into one string per language: a query is then a few strings.Index calls over contiguous
// memory instead of a pointer chase through every node, which keeps type-ahead fast on the
// 44,000-region national tree (and on the 600,000 it would hold with villages).
type searchIndex struct {
	order []int32 // entry → node index
	codes string  // entry e's code is codes[e*CodeLen:][:CodeLen]
	// byCode lists entries in code order, so the codes starting with given digits are one range.
	byCode []int32
	zh     haystack
	mn     haystack
}

// sep separates the keys of a haystack. Keys have it removed and queries containing it are
// refused, so a match never spans two keys.
const sep = "\x00"

// haystack is sep key0 sep key1 sep … keyN-1 sep.
type haystack struct {
	text string
	// start[e] is the offset of key e; key e ends at start[e+1]-1. start[n] = len(text).
	start []int32
	// freq counts each byte value in text, to pick the rarest byte of a query as the anchor of
	// the scan (see index).
	freq [256]int32
}

type hit struct {
	entry int32
	rank  int8
}

func newSearchIndex(nodes []node) searchIndex {
	s := searchIndex{order: make([]int32, len(nodes))}
	for i := range s.order {
		s.order[i] = int32(i)
	}
	slices.SortFunc(s.order, func(a, b int32) int {
		return compareLevelCode(nodes[a].Region, nodes[b].Region)
	})
	var codes strings.Builder
	codes.Grow(len(nodes) * CodeLen)
	for _, i := range s.order {
		codes.WriteString(nodes[i].Code)
	}
	s.codes = codes.String()
	s.byCode = make([]int32, len(nodes))
	for e := range s.byCode {
		s.byCode[e] = int32(e)
	}
	slices.SortFunc(s.byCode, func(a, b int32) int { return strings.Compare(s.code(a), s.code(b)) })
	s.zh = newHaystack(len(nodes), func(e int) string { return nodes[s.order[e]].Name })
	s.mn = newHaystack(len(nodes), func(e int) string { return nodes[s.order[e]].NameMN })
	return s
}

func newHaystack(n int, key func(e int) string) haystack {
	h := haystack{start: make([]int32, n+1)}
	var b strings.Builder
	b.WriteString(sep)
	for e := range n {
		h.start[e] = int32(b.Len())
		b.WriteString(strings.ReplaceAll(fold(key(e)), sep, ""))
		b.WriteString(sep)
	}
	h.text = b.String()
	h.start[n] = int32(len(h.text))
	for i := 0; i < len(h.text); i++ {
		h.freq[h.text[i]]++
	}
	return h
}

// index returns the first offset at or after pos where pat occurs, or -1.
//
// strings.Index anchors on the pattern's first byte, and in UTF-8 Chinese the first byte of a
// character is one of a handful of values (0xE4–0xE9), so it stops every few bytes. Anchoring on
// the pattern's rarest byte instead (usually a continuation byte, spread over 64 values) lets
// IndexByte skip most of the text; on the national tree this makes a scan several times faster.
func (h *haystack) index(pat string, pos int) int {
	j := 0
	for i := 1; i < len(pat); i++ {
		if h.freq[pat[i]] < h.freq[pat[j]] {
			j = i
		}
	}
	for pos+j < len(h.text) {
		k := strings.IndexByte(h.text[pos+j:], pat[j])
		if k < 0 {
			return -1
		}
		at := pos + k
		if strings.HasPrefix(h.text[at:], pat) {
			return at
		}
		pos = at + 1
	}
	return -1
}

// entryAt returns the entry whose key contains offset at.
func (h *haystack) entryAt(at int) int {
	i, found := slices.BinarySearch(h.start, int32(at))
	if found {
		return i
	}
	return i - 1
}

// prefixHits returns, in entry order, the entries whose key equals or starts with q.
func (h *haystack) prefixHits(q string) []hit {
	var hits []hit
	pat := sep + q
	for pos := 0; ; {
		at := h.index(pat, pos)
		if at < 0 {
			return hits
		}
		begin := at + len(sep)
		e := h.entryAt(begin)
		end := int(h.start[e+1]) - len(sep)
		rank := rankPrefix
		if begin+len(q) == end {
			rank = rankExact
		}
		hits = append(hits, hit{int32(e), rank})
		pos = end // the separator that opens the next key
	}
}

// substringHits returns, in entry order, up to need entries (all if need <= 0) whose key contains
// q and for which skip is false.
func (h *haystack) substringHits(q string, need int, skip func(e int32) bool) []hit {
	var hits []hit
	for pos := 0; ; {
		at := h.index(q, pos)
		if at < 0 {
			return hits
		}
		e := h.entryAt(at)
		if !skip(int32(e)) {
			hits = append(hits, hit{int32(e), rankSubstring})
			if need > 0 && len(hits) == need {
				return hits
			}
		}
		pos = int(h.start[e+1])
	}
}

func (s *searchIndex) code(e int32) string {
	return s.codes[int(e)*CodeLen : (int(e)+1)*CodeLen]
}

// codeHits returns, in entry order, the entries whose code starts with the digits q; exact, if
// not empty, is the one code that ranks as an exact match.
func (s *searchIndex) codeHits(q, exact string) []hit {
	lo, _ := slices.BinarySearchFunc(s.byCode, q, func(e int32, q string) int {
		return strings.Compare(s.code(e), q)
	})
	hi := lo
	for hi < len(s.byCode) && strings.HasPrefix(s.code(s.byCode[hi]), q) {
		hi++
	}
	entries := slices.Clone(s.byCode[lo:hi])
	slices.Sort(entries)
	hits := make([]hit, len(entries))
	for k, e := range entries {
		hits[k] = hit{e, rankPrefix}
		if s.code(e) == exact {
			hits[k].rank = rankExact
		}
	}
	return hits
}

// mergeHits merges two entry-ordered hit lists, keeping each entry once with its best rank.
func mergeHits(a, b []hit) []hit {
	if len(a) == 0 {
		return b
	}
	if len(b) == 0 {
		return a
	}
	out := make([]hit, 0, len(a)+len(b))
	for len(a) > 0 && len(b) > 0 {
		switch {
		case a[0].entry < b[0].entry:
			out, a = append(out, a[0]), a[1:]
		case a[0].entry > b[0].entry:
			out, b = append(out, b[0]), b[1:]
		default:
			out = append(out, hit{a[0].entry, min(a[0].rank, b[0].rank)})
			a, b = a[1:], b[1:]
		}
	}
	out = append(out, a...)
	return append(out, b...)
}

// Search finds regions by name (Chinese or Mongolian) or code and returns at most limit of them
// (all of them if limit <= 0).
//
// A region matches when q equals, starts or occurs in its Name or NameMN, or when q is a code:
// a 12-digit code or a short 2/4/6/9-digit one ("1529" for 152900000000) matches that region
// exactly, and any string of digits matches the codes it begins. Results are ranked exact match
// first, then prefix, then substring; within a rank shallower levels come first, then codes in
// order. Mongolian variation selectors are ignored on both sides, since keyboards differ in
// whether they type them.
func (t *Tree) Search(q string, limit int) []Region {
	q = fold(strings.TrimSpace(q))
	if q == "" || strings.Contains(q, sep) {
		return nil
	}
	s := &t.search
	var codes []hit
	if isDigits(q) {
		exact, _ := PadCode(q)
		codes = s.codeHits(q, exact)
	}
	// Exact and prefix matches are few for any useful query, so all of them are collected; the
	// substring scan, which can hit most of the tree ("镇"), stops once the limit is reached.
	better := mergeHits(mergeHits(codes, s.zh.prefixHits(q)), s.mn.prefixHits(q))

	var out []Region
	full := func() bool { return limit > 0 && len(out) >= limit }
	for _, rank := range []int8{rankExact, rankPrefix} {
		for _, h := range better {
			if h.rank != rank {
				continue
			}
			if full() {
				return out
			}
			out = append(out, t.nodes[s.order[h.entry]].Region)
		}
	}
	if full() {
		return out
	}
	need := 0
	if limit > 0 {
		need = limit - len(out)
	}
	ranked := func(e int32) bool {
		_, found := slices.BinarySearchFunc(better, e, func(h hit, e int32) int { return cmp.Compare(h.entry, e) })
		return found
	}
	for _, h := range mergeHits(s.zh.substringHits(q, need, ranked), s.mn.substringHits(q, need, ranked)) {
		if full() {
			break
		}
		out = append(out, t.nodes[s.order[h.entry]].Region)
	}
	return out
}

// fold prepares a name or query for matching. Traditional Mongolian text may carry free variation
// selectors (FVS1–4), the Mongolian vowel separator and zero-width joiners that only choose glyph
// shapes; people type them inconsistently, so they are dropped before comparing. Chinese text
// passes through unchanged.
func fold(s string) string {
	if !strings.ContainsFunc(s, isShapeControl) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if isShapeControl(r) {
			return -1
		}
		return r
	}, s)
}

func isShapeControl(r rune) bool {
	return (r >= '\u180B' && r <= '\u180F') || r == '\u200C' || r == '\u200D'
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
