package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"net/http"
	"sync"
)

//go:embed static
var staticFS embed.FS

var (
	hashOnce sync.Once
	hashes   map[string]string
)

// assetURL returns /static/NAME?v=HASH; the hash changes when the file
// does, so the file can be cached for a year.
func assetURL(name string) string {
	hashOnce.Do(func() {
		hashes = map[string]string{}
		fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := staticFS.ReadFile(p)
			if err != nil {
				return err
			}
			sum := sha256.Sum256(b)
			hashes[p[len("static/"):]] = hex.EncodeToString(sum[:])[:12]
			return nil
		})
	})
	return "/static/" + name + "?v=" + hashes[name]
}

func staticHandler() http.Handler {
	sub, _ := fs.Sub(staticFS, "static")
	files := http.FileServerFS(sub)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("v") != "" {
			w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		}
		w.Header().Set("X-Content-Type-Options", "nosniff")
		files.ServeHTTP(w, r)
	})
}
