package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"

	"tongban/internal/api"
	"tongban/internal/apptest"
	"tongban/internal/demo"
	"tongban/internal/storage"
	"tongban/internal/storage/storagetest"
)

// loadOpenAPI parses the embedded description and fails unless it is a valid
// OpenAPI 3.0 document.
func loadOpenAPI(tb testing.TB) *openapi3.T {
	tb.Helper()
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(api.OpenAPI())
	if err != nil {
		tb.Fatalf("load openapi.json: %v", err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		tb.Fatalf("openapi.json is not a valid OpenAPI document: %v", err)
	}
	return doc
}

func newRouter(tb testing.TB, doc *openapi3.T) routers.Router {
	tb.Helper()
	r, err := legacy.NewRouter(doc)
	if err != nil {
		tb.Fatal(err)
	}
	return r
}

func TestOpenAPIDocument(t *testing.T) {
	doc := loadOpenAPI(t)
	if doc.OpenAPI != "3.0.3" {
		t.Errorf("openapi %q, want 3.0.3", doc.OpenAPI)
	}
	for _, name := range []string{"session", "bearer"} {
		if doc.Components.SecuritySchemes[name] == nil {
			t.Errorf("security scheme %s is missing", name)
		}
	}
	if s := doc.Components.SecuritySchemes["session"]; s != nil && (s.Value.In != "cookie" || s.Value.Name != "tongban_session") {
		t.Errorf("session scheme is %s %s, want the cookie tongban_session", s.Value.In, s.Value.Name)
	}
	// The server refuses unknown fields, so every JSON request body must say
	// so, down to its nested objects.
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			if op.RequestBody == nil {
				continue
			}
			mt := op.RequestBody.Value.Content.Get("application/json")
			if mt == nil {
				continue
			}
			for _, where := range openObjects(mt.Schema, "body", nil) {
				t.Errorf("%s %s: %s does not set additionalProperties: false", method, path, where)
			}
		}
	}
}

// openObjects returns where schema or an object inside it allows properties
// it does not name, maps apart.
func openObjects(ref *openapi3.SchemaRef, where string, seen []*openapi3.Schema) []string {
	if ref == nil || ref.Value == nil || slices.Contains(seen, ref.Value) {
		return nil
	}
	s := ref.Value
	seen = append(seen, s)
	var out []string
	if s.Type.Is("object") {
		// A map (a form's fields by name) has no named properties and says
		// what every value must be; any other object must be closed.
		ap := s.AdditionalProperties
		isMap := len(s.Properties) == 0 && ap.Schema != nil
		if !isMap && (ap.Has == nil || *ap.Has || ap.Schema != nil) {
			out = append(out, where)
		}
	}
	for name, p := range s.Properties {
		out = append(out, openObjects(p, where+"."+name, seen)...)
	}
	out = append(out, openObjects(s.Items, where+"[]", seen)...)
	for _, sub := range s.AllOf {
		out = append(out, openObjects(sub, where, seen)...)
	}
	return out
}

// routePattern matches the ServeMux patterns of the API's routes.
var routePattern = regexp.MustCompile(`^(GET|HEAD|POST|PUT|PATCH|DELETE) (/api/v1/\S*)$`)

// mountedRoutes returns the route patterns registered in this package's
// (non-test) source: every call whose first argument is a string literal that
// looks like "METHOD /api/v1/…". Reading the source rather than a list kept by
// hand means a new route shows up here without anyone remembering to add it.
func mountedRoutes(t *testing.T) map[string]bool {
	t.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	out := map[string]bool{}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) == 0 {
				return true
			}
			lit, ok := call.Args[0].(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err == nil && routePattern.MatchString(s) {
				out[s] = true
			}
			return true
		})
	}
	// Guard against the parsing silently finding nothing.
	for _, want := range []string{"GET /api/v1/openapi.json", actionRoute, "GET /api/v1/orders/{no}"} {
		if !out[want] {
			t.Fatalf("route %q not found in the package source; found %v", want, out)
		}
	}
	return out
}

// actionRoute is the one route of every order action.
const actionRoute = "POST /api/v1/orders/{no}/{action}"

func TestOpenAPICoversRoutes(t *testing.T) {
	doc := loadOpenAPI(t)
	mounted := mountedRoutes(t)
	actions := api.Actions()
	if len(actions) == 0 {
		t.Fatal("api.Actions() is empty")
	}
	documented := func(method, path string) bool {
		item := doc.Paths.Value(path)
		return item != nil && item.GetOperation(method) != nil
	}
	// Every route and every action is documented …
	for pattern := range mounted {
		m := routePattern.FindStringSubmatch(pattern)
		method, path := m[1], strings.TrimPrefix(m[2], "/api/v1")
		if pattern == actionRoute {
			for _, a := range actions {
				if !documented(http.MethodPost, "/orders/{no}/"+a) {
					t.Errorf("action %s is not documented: want POST /orders/{no}/%s in openapi.json", a, a)
				}
			}
			continue
		}
		if !documented(method, path) {
			t.Errorf("route %s is not documented: want %s %s in openapi.json", pattern, method, path)
		}
	}
	// … and everything documented is served.
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			if a, ok := strings.CutPrefix(path, "/orders/{no}/"); ok && !strings.Contains(a, "/") {
				if method != http.MethodPost || !slices.Contains(actions, a) {
					t.Errorf("openapi.json documents %s %s, but %q is not an action the API accepts", method, path, a)
				}
				continue
			}
			if !mounted[method+" /api/v1"+path] {
				t.Errorf("openapi.json documents %s %s, which Mount does not register", method, path)
			}
		}
	}
}

// TestOpenAPIValidationCatchesMismatch makes sure the checks the scenario
// relies on fail for responses that do not match: a test that cannot fail is
// worse than none.
func TestOpenAPIValidationCatchesMismatch(t *testing.T) {
	doc := loadOpenAPI(t)
	router := newRouter(t, doc)
	check := func(method, target string, status int, header http.Header, body string) error {
		req, err := http.NewRequest(method, target, nil)
		if err != nil {
			t.Fatal(err)
		}
		route, params, err := router.FindRoute(req)
		if err != nil {
			t.Fatalf("%s %s: %v", method, target, err)
		}
		return openapi3filter.ValidateResponse(context.Background(), &openapi3filter.ResponseValidationInput{
			RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route},
			Status:                 status, Header: header, Body: io.NopCloser(strings.NewReader(body)),
			Options: &openapi3filter.Options{IncludeResponseStatus: true},
		})
	}
	jsonHeader := func(kv ...string) http.Header {
		h := http.Header{"Content-Type": {"application/json; charset=utf-8"}}
		for i := 0; i+1 < len(kv); i += 2 {
			h.Set(kv[i], kv[i+1])
		}
		return h
	}
	const envelope = `{"error":{"code":"not_found","message":"order 20260601000009 not found"}}`
	cookie := "tongban_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax"
	tests := []struct {
		name           string
		method, target string
		status         int
		header         http.Header
		body           string
		ok             bool
	}{
		{"matching error", "GET", "/api/v1/orders/20260601000009", 404, jsonHeader(), envelope, true},
		{"error code does not match the status", "GET", "/api/v1/orders/20260601000009", 404, jsonHeader(),
			`{"error":{"code":"conflict","message":"x"}}`, false},
		{"unknown property in the envelope", "GET", "/api/v1/orders/20260601000009", 404, jsonHeader(),
			`{"error":{"code":"not_found","message":"x","detail":"y"}}`, false},
		{"order with lower-case keys", "GET", "/api/v1/orders/20260601000009", 200, jsonHeader("ETag", `"1"`),
			`{"order":{"no":"20260601000009","version":1,"state":"registered"},"allowed":[]}`, false},
		{"undocumented status", "GET", "/api/v1/me", 409, jsonHeader(), envelope, false},
		{"logout with its cookie", "POST", "/api/v1/logout", 204, http.Header{"Set-Cookie": {cookie}}, "", true},
		{"logout without Set-Cookie", "POST", "/api/v1/logout", 204, http.Header{}, "", false},
		{"unit list with an unknown property", "GET", "/api/v1/units", 200, jsonHeader(), `{"units":null,"total":0}`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := check(tt.method, tt.target, tt.status, tt.header, tt.body)
			if got := err == nil; got != tt.ok {
				t.Errorf("valid %v, want %v (err %v)", got, tt.ok, err)
			}
		})
	}
}

// apiCall is one request of the OpenAPI scenario and the status it must get.
type apiCall struct {
	name   string
	as     string // a key of scenario.clients
	method string
	path   string // below /api/v1; {var} is replaced by a saved value
	header map[string]string
	// body is sent as JSON after {var} in it is replaced; a func() any is
	// called first (for values saved by earlier calls), []byte is sent as
	// is.
	body any
	want int
	// invalid marks a request that breaks the document on purpose (an
	// unknown field, an oversized body, a bad parameter): only the response
	// is checked against it.
	invalid bool
	then    func(t *testing.T, r apptest.Response)
}

// scenario sends calls to a running server and checks each request and
// response against the document.
type scenario struct {
	t       *testing.T
	router  routers.Router
	clients map[string]*apptest.Client
	vars    map[string]string
	seen    map[string]map[int]bool // "POST /orders/{no}/sign" → statuses seen
}

var placeholder = regexp.MustCompile(`\{[a-z][A-Za-z0-9_]*\}`)

func (s *scenario) expand(v string) string {
	return placeholder.ReplaceAllStringFunc(v, func(m string) string {
		val, ok := s.vars[m[1:len(m)-1]]
		if !ok {
			s.t.Fatalf("no saved value for %s in %q", m, v)
		}
		return val
	})
}

func (s *scenario) run(c apiCall) {
	t := s.t
	t.Helper()
	path := "/api/v1" + s.expand(c.path)
	var payload []byte
	switch b := c.body.(type) {
	case nil:
	case []byte:
		payload = b
	default:
		if f, ok := b.(func() any); ok {
			b = f()
		}
		j, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		payload = []byte(s.expand(string(j)))
	}
	header := http.Header{}
	if payload != nil {
		header.Set("Content-Type", "application/json")
	}
	for k, v := range c.header {
		header.Set(k, s.expand(v))
	}

	req, err := http.NewRequest(c.method, path, bytes.NewReader(payload))
	if err != nil {
		t.Fatal(err)
	}
	req.Header = header.Clone()
	route, params, err := s.router.FindRoute(req)
	if err != nil {
		t.Fatalf("%s: %s %s is not in openapi.json: %v", c.name, c.method, path, err)
	}
	input := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, MultiError: true}}
	if !c.invalid {
		if err := openapi3filter.ValidateRequest(context.Background(), input); err != nil {
			t.Errorf("%s: request does not match openapi.json: %v", c.name, err)
		}
	}

	client := s.clients[c.as]
	if client == nil {
		t.Fatalf("%s: no client %q", c.name, c.as)
	}
	client.Header = header
	var resp apptest.Response
	if payload != nil { // a nil []byte in an interface would still count as a body
		resp = client.Request(c.method, path, payload)
	} else {
		resp = client.Request(c.method, path, nil)
	}
	client.Header = http.Header{}
	if resp.Status != c.want {
		t.Fatalf("%s: %s %s: status %d, want %d: %s", c.name, c.method, path, resp.Status, c.want, resp.Body)
	}
	if err := openapi3filter.ValidateResponse(context.Background(), &openapi3filter.ResponseValidationInput{
		RequestValidationInput: input, Status: resp.Status, Header: resp.Header,
		Body: io.NopCloser(bytes.NewReader(resp.Body)), Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	}); err != nil {
		t.Errorf("%s: %s %s: %d response does not match openapi.json: %v\nbody: %.2000s", c.name, c.method, path, resp.Status, err, resp.Body)
	}
	op := route.Method + " " + route.Path
	if s.seen[op] == nil {
		s.seen[op] = map[int]bool{}
	}
	s.seen[op][resp.Status] = true
	if c.then != nil {
		c.then(t, resp)
	}
}

// TestOpenAPIScenario runs every documented operation on a real server, with
// the error responses clients have to handle, and checks every request and
// response against openapi.json.
func TestOpenAPIScenario(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, st *storage.Store) {
		doc := loadOpenAPI(t)
		a := apptest.New(t, st)
		s := &scenario{t: t, router: newRouter(t, doc), vars: map[string]string{}, seen: map[string]map[int]bool{},
			clients: map[string]*apptest.Client{
				"anon": a.Anonymous(), "login": a.Anonymous(),
				"agent": a.Login("agent"), "disp": a.Login("dispatcher"), "handler": a.Login("handler.zq.scjgj"),
				"town": a.Login("handler.bhht"), "super": a.Login("supervisor"), "admin": a.Login("admin"),
			}}
		admin, _, err := st.StaffByUsername(context.Background(), "admin")
		if err != nil {
			t.Fatal(err)
		}
		zqSCJ := a.Units[demo.DeptCode("152921000000", "scjgj")]
		zqRSJ := a.Units[demo.DeptCode("152921000000", "rsj")]
		bhht := a.Units["office-152921110000"]
		if zqSCJ == 0 || zqRSJ == 0 || bhht == 0 {
			t.Fatalf("demo units missing: %v %v %v", zqSCJ, zqRSJ, bhht)
		}

		decode := func(t *testing.T, r apptest.Response, v any) {
			t.Helper()
			if err := r.JSON(v); err != nil {
				t.Fatalf("decode %s: %v", r.Body, err)
			}
		}
		keepNo := func(name string) func(*testing.T, apptest.Response) {
			return func(t *testing.T, r apptest.Response) {
				var v struct {
					Order struct{ No string } `json:"order"`
				}
				decode(t, r, &v)
				s.vars[name] = v.Order.No
				if loc := r.Header.Get("Location"); r.Status == http.StatusCreated && loc != "/api/v1/orders/"+v.Order.No {
					t.Errorf("Location %q for order %s", loc, v.Order.No)
				}
			}
		}
		wantETag := func(want string) func(*testing.T, apptest.Response) {
			return func(t *testing.T, r apptest.Response) {
				if got := r.Header.Get("ETag"); got != want {
					t.Errorf("ETag %s, want %s", got, want)
				}
			}
		}
		register := func(typ string, extra map[string]any) map[string]any {
			b := map[string]any{"channel": "phone", "caller": map[string]any{"name": "张三", "phone": "13800138000", "lang": "zh"},
				"title": "小区供暖不热", "description": "巴彦浩特镇某小区连续三天暖气不热，请尽快处理。", "type": typ,
				"category": "{cat}", "region_code": "152921110000"}
			for k, v := range extra {
				b[k] = v
			}
			return b
		}
		oversized := []byte(`{"text":"` + strings.Repeat("a", api.MaxBody) + `"}`)
		upload, uploadType := multipartFile(t, "记录.txt", []byte("2026-06-01 回访记录：暖气已恢复。\n"))
		badUpload, badUploadType := multipartFile(t, "x.bin", []byte{0, 1, 2, 3, 4, 5, 6, 7})
		limits := map[string]any{"DispatchHours": 2, "SignDays": 1, "UrgentSignHours": 2, "ReplyDays": 5,
			"UrgentReplyHours": 24, "CallbackDays": 2, "RehandleDays": 10}

		calls := []apiCall{
			// The document itself, sessions and tokens.
			{name: "openapi", as: "anon", method: "GET", path: "/openapi.json", want: 200, then: func(t *testing.T, r apptest.Response) {
				if !bytes.Equal(r.Body, api.OpenAPI()) {
					t.Error("GET /openapi.json does not serve the embedded document")
				}
			}},
			{name: "me, not signed in", as: "anon", method: "GET", path: "/me", want: 401},
			{name: "orders, not signed in", as: "anon", method: "GET", path: "/orders", want: 401},
			{name: "bad bearer token", as: "anon", method: "GET", path: "/me", header: map[string]string{"Authorization": "Bearer nope"}, want: 401},
			{name: "login without password", as: "anon", method: "POST", path: "/login", body: map[string]any{"username": "agent"}, want: 400, invalid: true},
			{name: "login with an unknown field", as: "anon", method: "POST", path: "/login", invalid: true,
				body: map[string]any{"username": "agent", "password": demo.Password, "remember": true}, want: 400},
			{name: "cross-origin login", as: "anon", method: "POST", path: "/login", header: map[string]string{"Sec-Fetch-Site": "cross-site"},
				body: map[string]any{"username": "agent", "password": demo.Password}, want: 403},
			{name: "oversized login", as: "anon", method: "POST", path: "/login", body: oversized, want: 413, invalid: true},
		}
		for i := 0; i < 5; i++ {
			calls = append(calls, apiCall{name: "wrong password", as: "anon", method: "POST", path: "/login",
				body: map[string]any{"username": "leader", "password": "not-the-password"}, want: 401})
		}
		calls = append(calls, []apiCall{
			{name: "login rate-limited", as: "anon", method: "POST", path: "/login",
				body: map[string]any{"username": "leader", "password": "not-the-password"}, want: 429},
			{name: "login", as: "login", method: "POST", path: "/login", body: map[string]any{"username": "agent.mn", "password": demo.Password}, want: 200},
			{name: "me", as: "login", method: "GET", path: "/me", want: 200},
			{name: "token", as: "admin", method: "POST", path: "/tokens", body: map[string]any{"name": "openapi test", "days": 30}, want: 201,
				then: func(t *testing.T, r apptest.Response) {
					var v api.TokenResponse
					decode(t, r, &v)
					s.vars["token"] = v.Token
				}},
			{name: "token without name", as: "admin", method: "POST", path: "/tokens", body: map[string]any{"name": ""}, want: 400, invalid: true},
			{name: "token for another account", as: "agent", method: "POST", path: "/tokens", body: map[string]any{"name": "x", "staff_id": admin.ID}, want: 403},
			{name: "me with the token", as: "anon", method: "GET", path: "/me", header: map[string]string{"Authorization": "Bearer {token}"}, want: 200},

			// Reference data.
			{name: "units", as: "agent", method: "GET", path: "/units", want: 200},
			{name: "categories", as: "agent", method: "GET", path: "/categories", want: 200, then: func(t *testing.T, r apptest.Response) {
				var v struct{ Categories []json.RawMessage }
				decode(t, r, &v)
				if len(v.Categories) == 0 {
					t.Fatal("no categories")
				}
				var last storage.Category
				decode(t, apptest.Response{Body: v.Categories[len(v.Categories)-1]}, &last)
				s.vars["cat"] = last.Code
				cats, _ := json.Marshal(v.Categories)
				s.vars["cats"] = string(cats)
			}},
			{name: "region roots", as: "agent", method: "GET", path: "/regions", want: 200},
			{name: "region children", as: "agent", method: "GET", path: "/regions?parent=152921000000", want: 200},
			{name: "region search", as: "agent", method: "GET", path: "/regions?limit=5&q=" + url.QueryEscape("巴彦浩特"), want: 200},
			{name: "unknown parent region", as: "agent", method: "GET", path: "/regions?parent=999999999999", want: 404},
			{name: "region limit out of range", as: "agent", method: "GET", path: "/regions?q=a&limit=0", want: 400, invalid: true},

			// Registration.
			{name: "register with a number", as: "agent", method: "POST", path: "/orders", body: register("consult", map[string]any{"no": "20260601000001"}), want: 400, invalid: true},
			{name: "register with an unknown field", as: "agent", method: "POST", path: "/orders", body: register("consult", map[string]any{"priority": 1}), want: 400, invalid: true},
			{name: "register without title", as: "agent", method: "POST", path: "/orders", body: register("consult", map[string]any{"title": ""}), want: 400, invalid: true},
			{name: "register oversized", as: "agent", method: "POST", path: "/orders", body: oversized, want: 413, invalid: true},
			{name: "register by a unit", as: "handler", method: "POST", path: "/orders", body: register("consult", nil), want: 403},

			// Orders that end at the hotline.
			{name: "register consult", as: "agent", method: "POST", path: "/orders", body: register("consult", nil), want: 201, then: keepNo("a")},
			{name: "answer", as: "agent", method: "POST", path: "/orders/{a}/answer", body: map[string]any{"answer": "供暖问题请拨打热力公司电话。", "kb_article": 7}, want: 200},
			{name: "register help", as: "agent", method: "POST", path: "/orders", body: register("help", nil), want: 201, then: keepNo("b")},
			{name: "emergency", as: "agent", method: "POST", path: "/orders/{b}/emergency", body: map[string]any{"service": "119", "note": "火情"}, want: 200},
			{name: "emergency twice", as: "agent", method: "POST", path: "/orders/{b}/emergency", body: map[string]any{"service": "120"}, want: 409,
				then: func(t *testing.T, r apptest.Response) {
					var v struct{ Error struct{ Current any } }
					decode(t, r, &v)
					if v.Error.Current != "emergency" {
						t.Errorf("current %v, want the state emergency", v.Error.Current)
					}
				}},
			{name: "register complaint to decline", as: "agent", method: "POST", path: "/orders", body: register("complaint", nil), want: 201, then: keepNo("c")},
			{name: "decline", as: "agent", method: "POST", path: "/orders/{c}/decline", body: map[string]any{"reason": "已进入诉讼程序"}, want: 200},

			// The full chain on one order.
			{name: "register complaint", as: "agent", method: "POST", path: "/orders", want: 201,
				body: register("complaint", map[string]any{"urgency": "normal", "address": "巴彦浩特镇某小区3号楼"}),
				then: func(t *testing.T, r apptest.Response) { keepNo("d")(t, r); wantETag(`"1"`)(t, r) }},
			{name: "get order", as: "agent", method: "GET", path: "/orders/{d}", want: 200, then: wantETag(`"1"`)},
			{name: "unknown order", as: "agent", method: "GET", path: "/orders/20260601999999", want: 404},
			{name: "not an order number", as: "agent", method: "GET", path: "/orders/12345", want: 400, invalid: true},
			{name: "unknown order action", as: "agent", method: "POST", path: "/orders/20260601999999/note", body: map[string]any{"text": "x"}, want: 404},
			{name: "dispatch", as: "disp", method: "POST", path: "/orders/{d}/dispatch", header: map[string]string{"If-Match": `"1"`},
				body: map[string]any{"lead": zqSCJ, "assist": []int64{zqRSJ}, "note": "请核实处理"}, want: 200, then: wantETag(`"2"`)},
			{name: "stale If-Match", as: "agent", method: "POST", path: "/orders/{d}/note", header: map[string]string{"If-Match": `"1"`},
				body: map[string]any{"text": "补充说明"}, want: 409, then: func(t *testing.T, r apptest.Response) {
					var v struct {
						Error struct{ Current struct{ No string } }
					}
					decode(t, r, &v)
					if v.Error.Current.No != s.vars["d"] {
						t.Errorf("stale If-Match: current is not the order: %s", r.Body)
					}
				}},
			{name: "malformed If-Match", as: "agent", method: "POST", path: "/orders/{d}/note", header: map[string]string{"If-Match": "one"},
				body: map[string]any{"text": "补充说明"}, want: 400, invalid: true},
			{name: "order outside the unit's scope", as: "town", method: "GET", path: "/orders/{d}", want: 404},
			{name: "return by the centre", as: "disp", method: "POST", path: "/orders/{d}/return", body: map[string]any{"reason": "x"}, want: 403},
			{name: "note", as: "agent", method: "POST", path: "/orders/{d}/note", body: map[string]any{"text": "市民情绪激动", "internal": true}, want: 200},
			{name: "note with an unknown field", as: "agent", method: "POST", path: "/orders/{d}/note", body: map[string]any{"text": "x", "pinned": true}, want: 400, invalid: true},
			{name: "note oversized", as: "agent", method: "POST", path: "/orders/{d}/note", body: oversized, want: 413, invalid: true},
			{name: "upload", as: "agent", method: "POST", path: "/attachments", header: map[string]string{"Content-Type": uploadType}, body: upload, want: 201,
				then: func(t *testing.T, r apptest.Response) {
					var v struct{ SHA256 string }
					decode(t, r, &v)
					s.vars["att"] = string(bytes.TrimSpace(r.Body))
					s.vars["sha"] = v.SHA256
				}},
			{name: "upload of a refused type", as: "agent", method: "POST", path: "/attachments", header: map[string]string{"Content-Type": badUploadType}, body: badUpload, want: 400},
			{name: "attach", as: "agent", method: "POST", path: "/orders/{d}/attach", want: 200,
				body: func() any { return map[string]any{"attachment": json.RawMessage(s.vars["att"])} }},
			{name: "download", as: "handler", method: "GET", path: "/orders/{d}/attachments/{sha}", want: 200, then: func(t *testing.T, r apptest.Response) {
				if !bytes.Contains(r.Body, []byte("回访记录")) {
					t.Errorf("downloaded %q", r.Body)
				}
			}},
			{name: "download unknown", as: "agent", method: "GET", path: "/orders/{d}/attachments/" + strings.Repeat("0", 64), want: 404},
			{name: "sign", as: "handler", method: "POST", path: "/orders/{d}/sign", want: 200},
			{name: "sub-dispatch", as: "handler", method: "POST", path: "/orders/{d}/sub_dispatch", body: map[string]any{"unit": bhht, "note": "请镇里核实"}, want: 200},
			{name: "town signs", as: "town", method: "POST", path: "/orders/{d}/sign", body: map[string]any{}, want: 200},
			{name: "town replies", as: "town", method: "POST", path: "/orders/{d}/reply", body: map[string]any{"text": "镇里已协调热力公司疏通。"}, want: 200},
			{name: "request extension", as: "handler", method: "POST", path: "/orders/{d}/request_extension", body: map[string]any{"days": 5, "reason": "需要现场检测"}, want: 200},
			{name: "decide extension", as: "disp", method: "POST", path: "/orders/{d}/decide_extension", body: map[string]any{"approve": true, "days": 3}, want: 200},
			{name: "request suspension", as: "handler", method: "POST", path: "/orders/{d}/request_suspension", body: map[string]any{"reason": "等待市民补充材料"}, want: 200},
			{name: "decide suspension", as: "disp", method: "POST", path: "/orders/{d}/decide_suspension", body: map[string]any{"approve": true}, want: 200},
			{name: "suspended order", as: "disp", method: "GET", path: "/orders/{d}", want: 200},
			{name: "resume", as: "disp", method: "POST", path: "/orders/{d}/resume", want: 200},
			{name: "urge", as: "super", method: "POST", path: "/orders/{d}/urge", body: map[string]any{"note": "请加快办理"}, want: 200},
			{name: "supervise", as: "super", method: "POST", path: "/orders/{d}/supervise", want: 200},
			{name: "reply", as: "handler", method: "POST", path: "/orders/{d}/reply", want: 200,
				body: func() any {
					return map[string]any{"text": "已处理完毕。", "attachments": []json.RawMessage{json.RawMessage(s.vars["att"])}}
				}},
			{name: "review sends back", as: "disp", method: "POST", path: "/orders/{d}/review", body: map[string]any{"accept": false, "reason": "答复过于简单"}, want: 200},
			{name: "reply again", as: "handler", method: "POST", path: "/orders/{d}/reply", body: map[string]any{"text": "已处理完毕，暖气恢复。"}, want: 200},
			{name: "review accepts", as: "disp", method: "POST", path: "/orders/{d}/review", body: map[string]any{"accept": true}, want: 200},
			{name: "callback", as: "disp", method: "POST", path: "/orders/{d}/callback", body: map[string]any{"reached": true, "resolved": true, "satisfaction": 5}, want: 200},
			{name: "closed order with history", as: "disp", method: "GET", path: "/orders/{d}", want: 200, then: func(t *testing.T, r apptest.Response) {
				var v struct {
					Order   struct{ State string } `json:"order"`
					History []json.RawMessage      `json:"history"`
				}
				decode(t, r, &v)
				if v.Order.State != "closed" || len(v.History) < 15 {
					t.Errorf("order %s with %d events, want closed with the whole history", v.Order.State, len(v.History))
				}
			}},
			{name: "rehandle", as: "disp", method: "POST", path: "/orders/{d}/rehandle", body: map[string]any{"lead": zqSCJ, "reason": "市民不满意"}, want: 200},
			{name: "close", as: "disp", method: "POST", path: "/orders/{d}/close", body: map[string]any{"reason": "经研判，诉求已解决，予以销号"}, want: 200},

			// Return, redispatch and a refused return.
			{name: "register complaint to return", as: "agent", method: "POST", path: "/orders", body: register("complaint", nil), want: 201, then: keepNo("e")},
			{name: "dispatch to return", as: "disp", method: "POST", path: "/orders/{e}/dispatch", body: map[string]any{"lead": zqSCJ}, want: 200},
			{name: "return", as: "handler", method: "POST", path: "/orders/{e}/return", body: map[string]any{"reason": "不属于市场监管职责"}, want: 200},
			{name: "redispatch", as: "disp", method: "POST", path: "/orders/{e}/redispatch", body: map[string]any{"lead": bhht, "note": "属地处理"}, want: 200},
			{name: "town returns", as: "town", method: "POST", path: "/orders/{e}/return", body: map[string]any{"reason": "应由旗里处理"}, want: 200},
			{name: "refuse return", as: "disp", method: "POST", path: "/orders/{e}/refuse_return", body: map[string]any{"reason": "属地管理，请镇里办理"}, want: 200},

			// Duplicates.
			{name: "register master", as: "agent", method: "POST", path: "/orders", body: register("complaint", nil), want: 201, then: keepNo("m")},
			{name: "register duplicate", as: "agent", method: "POST", path: "/orders", body: register("complaint", nil), want: 201, then: keepNo("u")},
			{name: "merge", as: "disp", method: "POST", path: "/orders/{u}/merge", body: map[string]any{"master": "{m}"}, want: 200},
			{name: "merge twice", as: "disp", method: "POST", path: "/orders/{u}/merge", body: map[string]any{"master": "{m}"}, want: 409},
			{name: "master", as: "disp", method: "GET", path: "/orders/{m}", want: 200},

			// A report: the caller is hidden outside the centre.
			{name: "register report", as: "agent", method: "POST", path: "/orders", want: 201, then: keepNo("r"),
				body: register("report", map[string]any{"caller": map[string]any{"name": "李四", "phone": "0483-8331234", "lang": "mn", "confidential": true},
					"address": "某街道", "urgency": "urgent"})},
			{name: "dispatch report", as: "disp", method: "POST", path: "/orders/{r}/dispatch", body: map[string]any{"lead": zqSCJ}, want: 200},
			{name: "report seen by the unit", as: "handler", method: "GET", path: "/orders/{r}", want: 200, then: func(t *testing.T, r apptest.Response) {
				var v struct {
					Order struct {
						Caller  map[string]any
						Address string
					} `json:"order"`
				}
				decode(t, r, &v)
				if v.Order.Caller["name"] != nil || v.Order.Caller["phone"] != nil || v.Order.Address != "" {
					t.Errorf("a unit sees the caller of a report: %v %q", v.Order.Caller, v.Order.Address)
				}
			}},

			// Lists.
			{name: "list", as: "agent", method: "GET", path: "/orders", want: 200},
			{name: "export csv", as: "agent", method: "GET", path: "/orders/export?format=csv&state=registered", want: 200, then: func(t *testing.T, r apptest.Response) {
				if !bytes.HasPrefix(r.Body, []byte("\ufeffno,registered_at,")) {
					t.Errorf("export: %.80q", r.Body)
				}
			}},
			{name: "export xlsx", as: "agent", method: "GET", path: "/orders/export?format=xlsx", want: 200},
			{name: "export with a bad format", as: "agent", method: "GET", path: "/orders/export?format=pdf", want: 400, invalid: true},
			{name: "first page", as: "agent", method: "GET", path: "/orders?limit=2", want: 200, then: func(t *testing.T, r apptest.Response) {
				var v api.ListResponse
				decode(t, r, &v)
				if len(v.Orders) != 2 || v.NextCursor == "" {
					t.Fatalf("first page: %d orders, cursor %q", len(v.Orders), v.NextCursor)
				}
				s.vars["cursor"] = v.NextCursor
			}},
			{name: "next page", as: "agent", method: "GET", path: "/orders?limit=2&cursor={cursor}", want: 200},
			{name: "list with every filter", as: "agent", method: "GET", want: 200,
				path: "/orders?state=registered,closed,merged&type=complaint&region=152921110000&category={cat}&lang=zh&problem=false" +
					"&from=2026-06-01&to=" + url.QueryEscape("2026-06-02T00:00:00+08:00") + "&q=" + url.QueryEscape("供暖") + "&phone=13800138000&limit=20"},
			{name: "unit's list", as: "handler", method: "GET", path: fmt.Sprintf("/orders?unit=%d&unit_state=dispatched,signed&warning=red", zqSCJ), want: 200},
			{name: "bad filters", as: "agent", method: "GET", path: "/orders?state=open&limit=500&type=x", want: 400, invalid: true},
			{name: "unknown filter", as: "agent", method: "GET", path: "/orders?colour=red", want: 400},
			{name: "caller history", as: "agent", method: "GET", path: "/callers/13800138000/orders", want: 200},
			{name: "caller history, bad phone", as: "agent", method: "GET", path: "/callers/123/orders", want: 400},
			{name: "caller history by a unit", as: "handler", method: "GET", path: "/callers/13800138000/orders", want: 403},
			{name: "list with the token", as: "anon", method: "GET", path: "/orders?limit=1", header: map[string]string{"Authorization": "Bearer {token}"}, want: 200},

			// Settings.
			{name: "deadline overrides", as: "admin", method: "GET", path: "/deadline-overrides", want: 200},
			{name: "deadline overrides by a unit", as: "handler", method: "GET", path: "/deadline-overrides", want: 403},
			{name: "set deadline override", as: "admin", method: "PUT", path: "/deadline-overrides",
				body: map[string]any{"category": "{cat}", "urgency": "urgent", "limits": limits}, want: 200},
			{name: "deadline override out of range", as: "admin", method: "PUT", path: "/deadline-overrides", invalid: true,
				body: map[string]any{"category": "{cat}", "urgency": "urgent", "limits": map[string]any{"DispatchHours": 0}}, want: 400},
			{name: "deadline override by a unit", as: "handler", method: "PUT", path: "/deadline-overrides",
				body: map[string]any{"category": "{cat}", "urgency": "urgent", "limits": limits}, want: 403},
			{name: "deadline overrides after", as: "admin", method: "GET", path: "/deadline-overrides", want: 200, then: func(t *testing.T, r apptest.Response) {
				var v struct{ Overrides []storage.DeadlineOverride }
				decode(t, r, &v)
				if len(v.Overrides) == 0 {
					t.Error("the override just set is not listed")
				}
			}},

			{name: "replace categories", as: "admin", method: "PUT", path: "/categories", want: 200,
				body: func() any { return map[string]any{"categories": json.RawMessage(s.vars["cats"])} }},
			{name: "replace categories with nothing", as: "admin", method: "PUT", path: "/categories", body: map[string]any{"categories": []any{}}, want: 400, invalid: true},
			{name: "replace categories by a unit", as: "handler", method: "PUT", path: "/categories", want: 403,
				body: func() any { return map[string]any{"categories": json.RawMessage(s.vars["cats"])} }},

			// Signing out.
			{name: "logout", as: "super", method: "POST", path: "/logout", want: 204},
			{name: "me after logout", as: "super", method: "GET", path: "/me", want: 401},
		}...)

		for _, c := range calls {
			s.run(c)
		}

		// Every documented operation ran, and every error clients must
		// handle was produced and checked. The halls' operations run in
		// TestOpenAPIHallScenario.
		statuses := map[int]bool{}
		for path, item := range doc.Paths.Map() {
			if hallPath(path) {
				continue
			}
			for method := range item.Operations() {
				seen := s.seen[method+" "+path]
				if len(seen) == 0 {
					t.Errorf("%s %s is documented but the scenario never calls it", method, path)
				}
				for st := range seen {
					statuses[st] = true
				}
			}
		}
		for _, st := range []int{200, 201, 204, 400, 401, 403, 404, 409, 413, 429} {
			if !statuses[st] {
				t.Errorf("the scenario never produced status %d", st)
			}
		}
	})
}

// multipartFile returns a multipart/form-data body with one file field named
// file, and its Content-Type.
func multipartFile(t *testing.T, name string, content []byte) ([]byte, string) {
	t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	f, err := w.CreateFormFile("file", name)
	if err != nil {
		t.Fatal(err)
	}
	f.Write(content)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes(), w.FormDataContentType()
}
