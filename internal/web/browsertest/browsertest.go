// Package browsertest drives a real Chromium (Debian's package) against a
// test server with chromedp, and saves screenshots of what it sees.
package browsertest

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Browser is one headless Chromium with its own profile.
type Browser struct {
	tb  testing.TB
	Ctx context.Context
}

// execPath finds Chromium: Debian installs it as chromium (or the
// headless shell under another name).
func execPath() string {
	for _, name := range []string{"chromium", "chromium-headless-shell", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	for _, p := range []string{"/usr/lib/chromium/chromium", "/usr/lib/chromium-headless-shell/chromium-headless-shell"} {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	return ""
}

// New starts a browser, or skips the test when there is none (fails with
// CI=true, where browser tests must run).
func New(tb testing.TB) *Browser {
	tb.Helper()
	path := execPath()
	if path == "" {
		if os.Getenv("CI") == "true" {
			tb.Fatal("CI=true but no Chromium found: .ci/run installs the chromium package")
		}
		tb.Skip("no Chromium installed (apt-get install chromium fonts-noto-cjk fonts-noto-core)")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox,
		chromedp.Flag("headless", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-quic", true),
		chromedp.UserDataDir(tb.TempDir()),
		chromedp.WindowSize(1280, 900),
	)
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelC := chromedp.NewContext(actx)
	tb.Cleanup(func() { cancelC(); cancelA() })
	if err := chromedp.Do(ctx); err != nil {
		tb.Fatalf("start chromium %s: %v", path, err)
	}
	return &Browser{tb: tb, Ctx: ctx}
}

// Do runs actions with a time limit, failing the test on error. When htmx
// swaps a fragment between finding a node and acting on it, Chromium
// reports the node gone; that action is then run again on the new DOM
// (finding the node fails before anything is done to it, so nothing is done
// twice). A navigation cut short by another one still finishing is run
// again too (retryable).
func (b *Browser) Do(actions ...chromedp.Action[chromedp.Void]) {
	b.tb.Helper()
	ctx, cancel := context.WithTimeout(b.Ctx, 60*time.Second)
	defer cancel()
	for _, a := range actions {
		var err error
		for attempt := 0; attempt < 3; attempt++ {
			if err = chromedp.Do(ctx, a); err == nil || !retryable(err) {
				break
			}
			time.Sleep(200 * time.Millisecond)
		}
		if err != nil {
			b.tb.Fatalf("browser: %v", err)
		}
	}
}

func nodeGone(err error) bool {
	s := err.Error()
	return strings.Contains(s, "Could not find node with given id") || strings.Contains(s, "No node with given id")
}

// retryable reports an error after which the action may simply run again:
// its node was swapped (nodeGone), or its navigation was cut short by one
// still finishing from the click before (net::ERR_ABORTED; navigations are
// GETs, so loading the page again does nothing twice).
func retryable(err error) bool {
	return nodeGone(err) || strings.Contains(err.Error(), "net::ERR_ABORTED")
}

// Get runs one action that returns a value, failing the test on error.
func Get[T any](b *Browser, a chromedp.Action[T]) T {
	b.tb.Helper()
	ctx, cancel := context.WithTimeout(b.Ctx, 60*time.Second)
	defer cancel()
	var v T
	var err error
	for attempt := 0; attempt < 3; attempt++ { // see Do: a swapped node is looked up again
		if v, err = chromedp.Run(ctx, a); err == nil || !nodeGone(err) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err != nil {
		b.tb.Fatalf("browser: %v", err)
	}
	return v
}

// Dir is the folder screenshots go to: $TONGBAN_SCREENSHOTS, or
// screenshots/ at the top of the repository.
func Dir() string {
	if d := os.Getenv("TONGBAN_SCREENSHOTS"); d != "" {
		return d
	}
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "..", "screenshots")
}

// Screenshot saves the whole page as Dir()/NAME.png.
func (b *Browser) Screenshot(name string) {
	b.tb.Helper()
	buf := Get(b, chromedp.FullScreenshot(100))
	if err := os.MkdirAll(Dir(), 0o755); err != nil {
		b.tb.Fatal(err)
	}
	name = strings.NewReplacer("/", "_", " ", "_").Replace(name)
	if err := os.WriteFile(filepath.Join(Dir(), name+".png"), buf, 0o644); err != nil {
		b.tb.Fatal(err)
	}
}

// Value returns the current value of a form control.
func (b *Browser) Value(sel string) string {
	b.tb.Helper()
	return Get(b, chromedp.Value(chromedp.CSS(sel)))
}

// Text returns the visible text of the first element matching sel.
func (b *Browser) Text(sel string) string {
	b.tb.Helper()
	return Get(b, chromedp.Text(chromedp.CSS(sel)))
}

// URL returns the address of the current page.
func (b *Browser) URL() string {
	b.tb.Helper()
	return Get(b, chromedp.Location())
}

// Login signs a demo account in through the login form.
func (b *Browser) Login(base, user, password string) {
	b.tb.Helper()
	b.Do(
		chromedp.Navigate(base+"/login"),
		chromedp.WaitVisible(chromedp.CSS("#f-username")),
		chromedp.SendKeys(chromedp.CSS("#f-username"), user),
		chromedp.SendKeys(chromedp.CSS("#f-password"), password),
		chromedp.Submit(chromedp.CSS("#f-password")),
		chromedp.WaitNotPresent(chromedp.CSS("#f-password")),
	)
}

// SetLang switches the UI language with the header's form.
func (b *Browser) SetLang(lang string) {
	b.tb.Helper()
	want := map[string]string{"zh": "zh-Hans", "mn": "mn-Mong-CN"}[lang]
	b.Do(
		chromedp.SetValue(chromedp.CSS("#lang-select"), lang),
		chromedp.Submit(chromedp.CSS("#lang-select")),
		chromedp.WaitVisible(chromedp.CSS(`html[lang="`+want+`"] body`)),
	)
}

// Lang returns the page's <html lang>.
func (b *Browser) Lang() string {
	return Get(b, chromedp.AttributeValue(chromedp.CSS("html"), "lang")).Value
}
