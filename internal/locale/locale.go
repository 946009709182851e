// Package locale holds the user-facing text of tongban in simplified Chinese
// and traditional Mongolian, as translation catalogs embedded in the binary.
// No UI string is written in Go code or templates; they ask the catalog by
// message ID.
//
// Catalog files are messages/AREA.TAG.json, one per area and language, in
// go-i18n's JSON format. A Mongolian message drafted by someone who is not a
// native speaker carries "description": "needs review" so that a native
// speaker can find and correct it; NeedsReview lists them.
package locale

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

// Lang is a UI language.
type Lang string

// The UI languages. Go's language.Mongolian is Cyrillic Mongolian (mn-MN);
// tongban's Mongolian is the traditional script of Inner Mongolia, mn-Mong-CN.
const (
	ZH Lang = "zh"
	MN Lang = "mn"
)

// Tag is the BCP 47 tag for <html lang> and the catalogs.
func (l Lang) Tag() string {
	if l == MN {
		return "mn-Mong-CN"
	}
	return "zh-Hans"
}

// Valid reports whether l is a UI language.
func (l Lang) Valid() bool { return l == ZH || l == MN }

// Parse returns the language an explicit choice names ("zh", "mn", or a
// tag), or "" when it names none. A browser's bare mn/mn-MN means Cyrillic
// Mongolian, so Accept-Language is never used to pick Mongolian: the user's
// explicit choice wins and Chinese is the default.
func Parse(s string) Lang {
	switch strings.ToLower(s) {
	case "zh", "zh-hans", "zh-cn", "zh-hans-cn":
		return ZH
	case "mn", "mn-mong", "mn-mong-cn":
		return MN
	}
	return ""
}

//go:embed messages
var files embed.FS

var mongTag = language.MustParse("mn-Mong-CN")

// Catalog translates message IDs.
type Catalog struct {
	bundle  *i18n.Bundle
	loc     map[Lang]*i18n.Localizer
	ids     map[Lang]map[string]bool
	review  map[string]bool
	mu      sync.Mutex
	missing map[string]bool
}

var (
	defaultOnce sync.Once
	defaultCat  *Catalog
	defaultErr  error
)

// Default returns the embedded catalog, loaded once.
func Default() (*Catalog, error) {
	defaultOnce.Do(func() { defaultCat, defaultErr = load(files) })
	return defaultCat, defaultErr
}

type rawMessage struct {
	Other       string `json:"other"`
	Description string `json:"description,omitempty"`
}

func load(fsys fs.FS) (*Catalog, error) {
	c := &Catalog{bundle: i18n.NewBundle(language.MustParse("zh-Hans")), loc: map[Lang]*i18n.Localizer{},
		ids: map[Lang]map[string]bool{ZH: {}, MN: {}}, review: map[string]bool{}, missing: map[string]bool{}}
	entries, err := fs.ReadDir(fsys, "messages")
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		name := e.Name()
		parts := strings.Split(name, ".")
		if len(parts) != 3 || parts[2] != "json" {
			return nil, fmt.Errorf("locale: %s: name must be AREA.TAG.json", name)
		}
		lang := Parse(parts[1])
		if lang == "" {
			return nil, fmt.Errorf("locale: %s: unknown language tag %q", name, parts[1])
		}
		b, err := fs.ReadFile(fsys, path.Join("messages", name))
		if err != nil {
			return nil, err
		}
		var raw map[string]rawMessage
		if err := json.Unmarshal(b, &raw); err != nil {
			return nil, fmt.Errorf("locale: %s: %w", name, err)
		}
		tag := language.MustParse(lang.Tag())
		for id, m := range raw {
			if c.ids[lang][id] {
				return nil, fmt.Errorf("locale: %s: message %q defined twice for %s", name, id, lang)
			}
			if m.Other == "" {
				return nil, fmt.Errorf("locale: %s: message %q is empty", name, id)
			}
			c.ids[lang][id] = true
			if lang == MN && strings.Contains(strings.ToLower(m.Description), "needs review") {
				c.review[id] = true
			}
			if err := c.bundle.AddMessages(tag, &i18n.Message{ID: id, Other: m.Other, Description: m.Description}); err != nil {
				return nil, fmt.Errorf("locale: %s: %s: %w", name, id, err)
			}
		}
	}
	c.loc[ZH] = i18n.NewLocalizer(c.bundle, "zh-Hans")
	c.loc[MN] = i18n.NewLocalizer(c.bundle, mongTag.String())
	return c, nil
}

// T returns the message id in lang with args filled in ({{.name}}). A
// missing message shows its ID in brackets, so it is visible, and is
// remembered for tests.
func (c *Catalog) T(lang Lang, id string, args map[string]any) string {
	l := c.loc[lang]
	if l == nil {
		l = c.loc[ZH]
	}
	s, err := l.Localize(&i18n.LocalizeConfig{MessageID: id, TemplateData: args})
	if err != nil || !c.ids[lang][id] {
		c.mu.Lock()
		c.missing[string(lang)+":"+id] = true
		c.mu.Unlock()
		if s == "" {
			return "[" + id + "]"
		}
	}
	return s
}

// Has reports whether id exists in lang.
func (c *Catalog) Has(lang Lang, id string) bool { return c.ids[lang][id] }

// IDs returns the message IDs of lang, sorted.
func (c *Catalog) IDs(lang Lang) []string {
	out := make([]string, 0, len(c.ids[lang]))
	for id := range c.ids[lang] {
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}

// NeedsReview lists the Mongolian messages marked for a native speaker's
// review.
func (c *Catalog) NeedsReview() []string {
	out := make([]string, 0, len(c.review))
	for id := range c.review {
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}

// Missing lists lang:id pairs that were asked for and not found.
func (c *Catalog) Missing() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make([]string, 0, len(c.missing))
	for k := range c.missing {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
