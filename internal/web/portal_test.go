package web_test

import (
	"context"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"

	"tongban/internal/apptest"
	"tongban/internal/demo"
	"tongban/internal/locale"
	"tongban/internal/storage"
	"tongban/internal/storage/storagetest"
	"tongban/internal/workorder"
)

// webClient is a browser without a browser: a cookie jar, forms posted as
// application/x-www-form-urlencoded, redirects not followed so that tests
// see post/redirect/get.
type webClient struct {
	t   *testing.T
	app *apptest.App
	hc  *http.Client
}

type page struct {
	Status   int
	Body     string
	Location string
}

func newWebClient(t *testing.T, app *apptest.App) *webClient {
	jar, _ := cookiejar.New(nil)
	return &webClient{t: t, app: app, hc: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

func (c *webClient) do(req *http.Request) page {
	c.t.Helper()
	resp, err := c.hc.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return page{Status: resp.StatusCode, Body: string(b), Location: resp.Header.Get("Location")}
}

func (c *webClient) get(path string) page {
	c.t.Helper()
	req, err := http.NewRequest("GET", c.app.URL+path, nil)
	if err != nil {
		c.t.Fatal(err)
	}
	return c.do(req)
}

func (c *webClient) post(path string, form url.Values) page {
	c.t.Helper()
	req, err := http.NewRequest("POST", c.app.URL+path, strings.NewReader(form.Encode()))
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.do(req)
}

// login signs a demo account in through the login form.
func (c *webClient) login(username, password string) {
	c.t.Helper()
	p := c.post("/login", url.Values{"username": {username}, "password": {password}})
	if p.Status != http.StatusSeeOther {
		c.t.Fatalf("login %s: status %d: %s", username, p.Status, p.Body)
	}
}

func (c *webClient) setLang(lang string) {
	c.t.Helper()
	if p := c.post("/lang", url.Values{"lang": {lang}, "back": {"/"}}); p.Status != http.StatusSeeOther {
		c.t.Fatalf("set language %s: status %d", lang, p.Status)
	}
}

// T is a message as the page shows it (HTML-escaped).
func T(t *testing.T, lang locale.Lang, id string, args ...any) string {
	t.Helper()
	cat, err := locale.Default()
	if err != nil {
		t.Fatal(err)
	}
	if !cat.Has(lang, id) {
		t.Fatalf("no message %s in %s", id, lang)
	}
	m := map[string]any{}
	for i := 0; i+1 < len(args); i += 2 {
		m[args[i].(string)] = args[i+1]
	}
	return html.EscapeString(cat.T(lang, id, m))
}

func mustContain(t *testing.T, p page, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(p.Body, w) {
			t.Errorf("page (status %d) lacks %q", p.Status, w)
		}
	}
}

// Alxa Left Banner, Bayanhot town and its first gacha committee's region.
const (
	zuoqi = "152921000000"
	bhht  = "152921110000"
)

func validRequest(app *apptest.App) url.Values {
	gacha := app.Svc.Regions().Children(bhht)[0].Code
	return url.Values{
		"name": {"王小明"}, "phone": {"138 0013 8000"}, "lang": {"zh"}, "type": {"complaint"},
		"category": {"C02.01"}, "region_1": {zuoqi}, "region_2": {bhht}, "region_3": {gacha},
		"address": {"巴彦浩特镇某小区3号楼"}, "title": {"小区门口餐馆油烟扰民"},
		"description": {"每天晚上油烟很大，<script>alert(1)</script> 影响休息。"},
	}
}

func with(v url.Values, kv ...string) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == "\x00" {
			out.Del(kv[i])
		} else {
			out.Set(kv[i], kv[i+1])
		}
	}
	return out
}

// submit posts the request form and returns the new order number.
func submit(t *testing.T, c *webClient, form url.Values) string {
	t.Helper()
	p := c.post("/portal/new", form)
	if p.Status != http.StatusSeeOther || !strings.HasPrefix(p.Location, "/portal/submitted/") {
		t.Fatalf("submit: status %d, location %q: %s", p.Status, p.Location, p.Body)
	}
	return strings.TrimPrefix(p.Location, "/portal/submitted/")
}

func TestPortalSubmit(t *testing.T) {
	app := apptest.New(t, storagetest.OpenSQLite(t))
	c := newWebClient(t, app)
	if p := c.get("/"); p.Status != http.StatusSeeOther || p.Location != "/portal" {
		t.Fatalf("/ for someone not signed in: %d → %q, want the portal", p.Status, p.Location)
	}
	p := c.get("/portal")
	if p.Status != 200 {
		t.Fatalf("/portal: %d", p.Status)
	}
	mustContain(t, p, T(t, locale.ZH, "portal.home.intro"), `href="/portal/new"`, `href="/portal/track"`)
	p = c.get("/portal/new")
	mustContain(t, p, `name="phone"`, `<optgroup label="市场监管">`, `value="C02.01"`, `id="f-region_1"`)
	if strings.Contains(p.Body, `value="C02.01.01"`) {
		t.Error("the form offers third-level categories; it should offer the top two levels")
	}

	// The region picker cascades without JavaScript: "choose" shows the
	// next level and keeps what was typed, checking nothing yet.
	p = c.post("/portal/new", url.Values{"action": {"choose"}, "region_1": {zuoqi}, "title": {"半截标题"}})
	if p.Status != 200 {
		t.Fatalf("choose: status %d", p.Status)
	}
	mustContain(t, p, `id="f-region_2"`, `value="`+bhht+`"`, `value="半截标题"`)
	if strings.Contains(p.Body, `class="error"`) {
		t.Error("choosing a region shows errors before the form is submitted")
	}
	// Changing the banner drops the town chosen under the old one.
	p = c.post("/portal/new", url.Values{"action": {"choose"}, "region_1": {"152922000000"}, "region_2": {bhht}})
	if strings.Contains(p.Body, `value="`+bhht+`" selected`) {
		t.Error("a town of another banner stays selected")
	}

	form := validRequest(app)
	no := submit(t, c, form)
	p = c.get("/portal/submitted/" + no)
	if p.Status != 200 {
		t.Fatalf("confirmation: %d", p.Status)
	}
	mustContain(t, p, no, T(t, locale.ZH, "portal.submitted.keep"))

	o, err := app.Store.Order(context.Background(), no)
	if err != nil {
		t.Fatal(err)
	}
	if o.Channel != workorder.ChannelWeb || o.Caller.Phone != "+8613800138000" || o.Caller.Name != "王小明" ||
		o.RegionCode != form.Get("region_3") || o.Category != "C02.01" || o.Type != workorder.TypeComplaint ||
		o.State != workorder.StateRegistered {
		t.Fatalf("registered order: %+v", o)
	}
	// Anonymous: the name typed before ticking 匿名 is not kept.
	no = submit(t, c, with(form, "anonymous", "1"))
	if o, _ := app.Store.Order(context.Background(), no); !o.Caller.Anonymous || o.Caller.Name != "" || o.Caller.Phone == "" {
		t.Fatalf("anonymous order: caller %+v", o.Caller)
	}
	// A town is enough when the citizen does not know the gacha.
	submit(t, c, with(form, "region_3", "\x00"))

	if p := c.get("/portal/submitted/12345"); p.Status != 404 {
		t.Errorf("confirmation of a non-number: %d, want 404", p.Status)
	}
}

func TestPortalSubmitErrors(t *testing.T) {
	app := apptest.New(t, storagetest.OpenSQLite(t))
	c := newWebClient(t, app)
	form := validRequest(app)
	for _, lang := range []locale.Lang{locale.ZH, locale.MN} {
		c.setLang(string(lang))
		for _, tc := range []struct {
			name    string
			form    url.Values
			field   string
			message string
			keep    string // a typed value the page must show again
		}{
			{"no phone", with(form, "phone", ""), "phone", "portal.error.phone_required", "小区门口餐馆油烟扰民"},
			{"short code", with(form, "phone", "12345"), "phone", "portal.error.phone", `value="12345"`},
			{"local number without area code", with(form, "phone", "8331234"), "phone", "portal.error.phone", `value="8331234"`},
			{"no title", with(form, "title", "  "), "title", "portal.error.title", "巴彦浩特镇某小区3号楼"},
			{"long title", with(form, "title", strings.Repeat("长", 201)), "title", "portal.error.title", strings.Repeat("长", 201)},
			{"no description", with(form, "description", ""), "description", "portal.error.description", `value="138 0013 8000"`},
			{"no type", with(form, "type", "\x00"), "type", "portal.error.type", "小区门口餐馆油烟扰民"},
			{"made-up type", with(form, "type", "praise"), "type", "portal.error.type", "小区门口餐馆油烟扰民"},
			{"no category", with(form, "category", ""), "category", "portal.error.category", "小区门口餐馆油烟扰民"},
			{"retired or unknown category", with(form, "category", "C99.01"), "category", "portal.error.category", "小区门口餐馆油烟扰民"},
			{"no region", with(form, "region_1", "", "region_2", "", "region_3", ""), "region", "portal.error.region", "小区门口餐馆油烟扰民"},
			{"long name", with(form, "name", strings.Repeat("名", 51)), "name", "portal.error.name", strings.Repeat("名", 51)},
			{"long address", with(form, "address", strings.Repeat("址", 201)), "address", "portal.error.address", strings.Repeat("址", 201)},
			{"unknown language", with(form, "lang", "en"), "lang", "portal.error.lang", "小区门口餐馆油烟扰民"},
		} {
			t.Run(string(lang)+"/"+tc.name, func(t *testing.T) {
				p := c.post("/portal/new", tc.form)
				if p.Status != http.StatusBadRequest {
					t.Fatalf("status %d, want 400 (location %q)", p.Status, p.Location)
				}
				mustContain(t, p, `id="e-`+tc.field+`"`, T(t, lang, tc.message), T(t, lang, "error.invalid"), tc.keep)
				// User text comes back escaped, never as markup.
				if strings.Contains(p.Body, "<script>alert(1)</script>") {
					t.Error("the description is echoed unescaped")
				}
			})
		}
	}
	if n := countOrders(t, app); n != 0 {
		t.Errorf("invalid submissions registered %d orders", n)
	}
}

func countOrders(t *testing.T, app *apptest.App) int {
	t.Helper()
	list, _, err := app.Store.ListOrders(context.Background(), storage.OrderFilter{ScopeAll: true, Limit: 200})
	if err != nil {
		t.Fatal(err)
	}
	return len(list)
}

func TestPortalFlood(t *testing.T) {
	app := apptest.New(t, storagetest.OpenSQLite(t))
	c := newWebClient(t, app)
	form := validRequest(app)
	var last page
	for i := 0; i < 30; i++ {
		last = c.post("/portal/new", form)
		if last.Status != http.StatusSeeOther {
			break
		}
	}
	if last.Status != http.StatusTooManyRequests {
		t.Fatalf("30 submissions in a row: last status %d, want 429", last.Status)
	}
	mustContain(t, last, T(t, locale.ZH, "portal.rate_limited"))
	if n := countOrders(t, app); n < 5 || n >= 30 {
		t.Errorf("%d orders registered before the limit, want a handful", n)
	}
}

// track looks an order up and returns the link to its public page.
func track(t *testing.T, c *webClient, no, phone string) string {
	t.Helper()
	p := c.post("/portal/track", url.Values{"no": {no}, "phone": {phone}})
	if p.Status != http.StatusSeeOther || !strings.HasPrefix(p.Location, "/portal/orders/"+no+"?k=") {
		t.Fatalf("track %s with %s: status %d, location %q", no, phone, p.Status, p.Location)
	}
	return p.Location
}

// act takes a staff action through the JSON API.
func act(t *testing.T, c *apptest.Client, no, action string, body any) {
	t.Helper()
	c.Do("POST", "/api/v1/orders/"+no+"/"+action, body, http.StatusOK)
}

// handle takes an order through dispatch, handling, reply, review and a
// satisfied callback to closed, as the centre and a league department do.
func handle(t *testing.T, app *apptest.App, no string) {
	t.Helper()
	disp, handler := app.Login("dispatcher"), app.Login("handler.scjgj")
	act(t, disp, no, "dispatch", map[string]any{"lead": app.Units[demo.DeptCode(demo.LeagueCode, "scjgj")]})
	act(t, handler, no, "sign", map[string]any{})
	act(t, disp, no, "note", map[string]any{"text": "内部备注：此人多次来电", "internal": true})
	act(t, handler, no, "reply", map[string]any{"text": "已责令餐馆安装油烟净化设备。"})
	act(t, disp, no, "review", map[string]any{"accept": true})
	act(t, disp, no, "callback", map[string]any{"reached": true, "resolved": true, "satisfaction": 4})
}

func TestPortalTrack(t *testing.T) {
	app := apptest.New(t, storagetest.OpenSQLite(t))
	c := newWebClient(t, app)
	no := submit(t, c, validRequest(app))

	// The phone matches however it was typed; the page shows state and deadline.
	link := track(t, c, no, "+86 138-0013-8000")
	p := c.get(link)
	if p.Status != 200 {
		t.Fatalf("order page: %d", p.Status)
	}
	mustContain(t, p, no, "小区门口餐馆油烟扰民", T(t, locale.ZH, "portal.state.registered"),
		T(t, locale.ZH, "portal.fact.dispatch_due"), "2026-06-01", T(t, locale.ZH, "portal.event.register"),
		"阿拉善左旗 / 巴彦浩特镇", T(t, locale.ZH, "rating.later"))
	if strings.Contains(p.Body, "<script>alert(1)</script>") {
		t.Error("the description is shown unescaped")
	}

	// A wrong phone and an unknown number get the same answer.
	wrongPhone := c.post("/portal/track", url.Values{"no": {no}, "phone": {"13900139000"}})
	unknown := c.post("/portal/track", url.Values{"no": {"20260601999999"}, "phone": {"13800138000"}})
	for name, p := range map[string]page{"wrong phone": wrongPhone, "unknown number": unknown} {
		if p.Status != http.StatusNotFound {
			t.Errorf("%s: status %d, want 404", name, p.Status)
		}
		mustContain(t, p, T(t, locale.ZH, "portal.track.not_found"))
	}
	if strings.Replace(wrongPhone.Body, "13900139000", "", 1) != strings.Replace(strings.Replace(unknown.Body, "20260601999999", no, 1), "13800138000", "", 1) {
		t.Error("a wrong phone and an unknown number give different pages")
	}
	// A link with a wrong or missing token is just as unknown.
	for _, bad := range []string{"/portal/orders/" + no, "/portal/orders/" + no + "?k=forged", strings.Replace(link, no, "20260601999999", 1)} {
		if p := c.get(bad); p.Status != http.StatusNotFound || !strings.Contains(p.Body, T(t, locale.ZH, "portal.track.not_found")) {
			t.Errorf("%s: status %d, want the not-found page", bad, p.Status)
		}
	}
	// Form errors for what is not a number or a phone at all.
	p = c.post("/portal/track", url.Values{"no": {"abc"}, "phone": {""}})
	if p.Status != http.StatusBadRequest {
		t.Fatalf("malformed look-up: %d", p.Status)
	}
	mustContain(t, p, T(t, locale.ZH, "portal.error.no"), T(t, locale.ZH, "portal.error.phone_required"), `value="abc"`)

	// After handling: units by name, no staff names, no internal notes.
	handle(t, app, no)
	p = c.get(link)
	mustContain(t, p, T(t, locale.ZH, "portal.state.closed"), "阿拉善盟市场监督管理局",
		T(t, locale.ZH, "portal.event.sign", "unit", "阿拉善盟市场监督管理局"), "已责令餐馆安装油烟净化设备。",
		T(t, locale.ZH, "portal.fact.closed"))
	for _, secret := range []string{"内部备注", "李强", "孙涛", "派单员", "承办人"} {
		if strings.Contains(p.Body, secret) {
			t.Errorf("the public page shows %q", secret)
		}
	}
}

func TestPortalRate(t *testing.T) {
	app := apptest.New(t, storagetest.OpenSQLite(t))
	c := newWebClient(t, app)
	no := submit(t, c, validRequest(app))
	link := track(t, c, no, "13800138000")
	token := strings.TrimPrefix(link, "/portal/orders/"+no+"?k=")
	k, _ := url.QueryUnescape(token)
	rate := func(score, comment string) page {
		return c.post("/portal/orders/"+no+"/rate", url.Values{"k": {k}, "score": {score}, "comment": {comment}})
	}

	// Before the order is closed: refused.
	p := rate("5", "")
	if p.Status != http.StatusConflict {
		t.Fatalf("rating an open order: %d, want 409", p.Status)
	}
	mustContain(t, p, T(t, locale.ZH, "rating.not_yet"))

	handle(t, app, no)
	p = c.get(link)
	mustContain(t, p, `action="/portal/orders/`+no+`/rate"`, T(t, locale.ZH, "rating.score.1"), T(t, locale.ZH, "rating.score.5"))

	for _, bad := range []string{"", "0", "6", "x"} {
		p = rate(bad, "评论保留")
		if p.Status != http.StatusBadRequest {
			t.Fatalf("score %q: %d, want 400", bad, p.Status)
		}
		mustContain(t, p, T(t, locale.ZH, "rating.error.score"), "评论保留")
	}
	p = rate("2", "等了太久")
	if p.Status != http.StatusSeeOther {
		t.Fatalf("rating: %d: %s", p.Status, p.Body)
	}
	p = c.get(p.Location)
	mustContain(t, p, T(t, locale.ZH, "rating.thanks"), T(t, locale.ZH, "rating.done", "score", "不满意"))
	if strings.Contains(p.Body, `id="rate-submit"`) {
		t.Error("the rating form is still offered after rating")
	}
	// Once per order and channel.
	p = rate("5", "")
	if p.Status != http.StatusConflict {
		t.Fatalf("second rating: %d, want 409", p.Status)
	}
	mustContain(t, p, T(t, locale.ZH, "rating.already"))
	rs, err := app.Store.RatingsOf(context.Background(), storage.RatingOrder, no)
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 1 || rs[0].Score != 2 || rs[0].Channel != "portal" || rs[0].Comment != "等了太久" || !rs[0].Bad() {
		t.Fatalf("stored ratings: %+v", rs)
	}
	// A forged token cannot rate someone else's order.
	other := submit(t, c, with(validRequest(app), "phone", "13900139000"))
	if p := c.post("/portal/orders/"+other+"/rate", url.Values{"k": {k}, "score": {"1"}}); p.Status != http.StatusNotFound {
		t.Errorf("rating with another order's token: %d, want 404", p.Status)
	}
}
