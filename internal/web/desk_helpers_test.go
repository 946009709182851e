package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"tongban/internal/access"
	"tongban/internal/apptest"
	"tongban/internal/auth"
	"tongban/internal/demo"
	"tongban/internal/storage"
	"tongban/internal/storage/storagetest"
	"tongban/internal/workorder"
)

// deskApp is a started server with helpers for the staff pages.
type deskApp struct {
	*apptest.App
	t *testing.T
}

func newDeskApp(t *testing.T) *deskApp {
	t.Helper()
	return &deskApp{App: apptest.New(t, storagetest.OpenSQLite(t)), t: t}
}

// deskResp is a response of the web UI.
type deskResp struct {
	Status   int
	Body     string
	Location string
}

// deskClient is a browser-like client that does not follow redirects, so a
// test sees where a form sends the user.
type deskClient struct {
	a  *deskApp
	hc *http.Client
}

func (a *deskApp) anonymous() *deskClient {
	jar, _ := cookiejar.New(nil)
	return &deskClient{a: a, hc: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

// login signs a demo account in (through the JSON API, which sets the same
// session cookie as the login page).
func (a *deskApp) login(user string) *deskClient {
	a.t.Helper()
	c := a.anonymous()
	b, _ := json.Marshal(map[string]string{"username": user, "password": demo.Password})
	resp, err := c.hc.Post(a.URL+"/api/v1/login", "application/json", bytes.NewReader(b))
	if err != nil {
		a.t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		a.t.Fatalf("login %s: status %d", user, resp.StatusCode)
	}
	return c
}

// setLang sets a demo account's language, as the header's switch does.
func (a *deskApp) setLang(user, lang string) {
	a.t.Helper()
	st, _, err := a.Store.StaffByUsername(context.Background(), user)
	if err != nil {
		a.t.Fatal(err)
	}
	if err := a.Store.SetStaffLang(context.Background(), st.ID, lang); err != nil {
		a.t.Fatal(err)
	}
	a.Auth.ForgetStaff(st.ID)
}

func (c *deskClient) do(req *http.Request) deskResp {
	c.a.t.Helper()
	resp, err := c.hc.Do(req)
	if err != nil {
		c.a.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return deskResp{Status: resp.StatusCode, Body: string(b), Location: resp.Header.Get("Location")}
}

func (c *deskClient) get(path string) deskResp {
	c.a.t.Helper()
	req, _ := http.NewRequest("GET", c.a.URL+path, nil)
	return c.do(req)
}

func (c *deskClient) post(path string, form url.Values) deskResp {
	c.a.t.Helper()
	req, _ := http.NewRequest("POST", c.a.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.do(req)
}

// postFile posts a multipart form with one file in the field "file".
func (c *deskClient) postFile(path string, form url.Values, name string, content []byte) deskResp {
	c.a.t.Helper()
	return c.postFiles(path, form, map[string]onlineUpload{"file": {name, content}})
}

// subject is a demo account as the service sees it.
func (a *deskApp) subject(user string) access.Subject {
	a.t.Helper()
	ctx := context.Background()
	st, _, err := a.Store.StaffByUsername(ctx, user)
	if err != nil {
		a.t.Fatal(err)
	}
	u, err := a.Store.Unit(ctx, st.UnitID)
	if err != nil {
		a.t.Fatal(err)
	}
	return auth.Subject(storage.Principal{Staff: st, Unit: u})
}

// register records an order through the service, as the agent desk does.
func (a *deskApp) register(cmd workorder.Register) *workorder.Order {
	a.t.Helper()
	if cmd.Channel == "" {
		cmd.Channel = workorder.ChannelPhone
	}
	if cmd.Caller.Lang == "" {
		cmd.Caller.Lang = workorder.LangZh
	}
	if cmd.Caller.Phone == "" && !cmd.Caller.Anonymous {
		cmd.Caller.Phone = "13800138000"
	}
	if cmd.Title == "" {
		cmd.Title = "小区供暖不热"
	}
	if cmd.Description == "" {
		cmd.Description = "巴彦浩特镇某小区连续三天暖气不热。"
	}
	if cmd.Type == "" {
		cmd.Type = workorder.TypeComplaint
	}
	if cmd.Category == "" {
		cmd.Category = "C02.03.01"
	}
	if cmd.RegionCode == "" {
		cmd.RegionCode = "152921110000"
	}
	o, err := a.Svc.Register(context.Background(), a.subject("agent"), cmd)
	if err != nil {
		a.t.Fatalf("register: %v", err)
	}
	return o
}

// act takes an action through the service, failing the test on error.
func (a *deskApp) act(user, no string, cmd workorder.Command) *workorder.Order {
	a.t.Helper()
	o, err := a.Svc.Act(context.Background(), a.subject(user), no, cmd, 0)
	if err != nil {
		a.t.Fatalf("%s %s: %v", user, cmd.Action(), err)
	}
	return o
}

// order is an order's current state (as the centre sees it).
func (a *deskApp) order(no string) *workorder.Order {
	a.t.Helper()
	o, err := a.Store.Order(context.Background(), no)
	if err != nil {
		a.t.Fatal(err)
	}
	return o
}

func (a *deskApp) unit(code string) int64 {
	a.t.Helper()
	id, ok := a.Units[code]
	if !ok {
		a.t.Fatalf("no unit %s", code)
	}
	return id
}

// Units of the demo organisation the tests use.
var (
	deskZqSCJ = demo.DeptCode("152921000000", "scjgj") // 阿左旗市场监督管理局
	deskZqRSJ = demo.DeptCode("152921000000", "rsj")
	deskBHHT  = "office-152921110000" // 巴彦浩特镇人民政府
)

var deskOrderNoRe = regexp.MustCompile(`/orders/([0-9]{14})`)

// deskOrderNo finds the order number in a redirect.
func deskOrderNo(t *testing.T, location string) string {
	t.Helper()
	m := deskOrderNoRe.FindStringSubmatch(location)
	if m == nil {
		t.Fatalf("no order number in %q", location)
	}
	return m[1]
}

func deskWant(t *testing.T, what, body string, subs ...string) {
	t.Helper()
	for _, s := range subs {
		if !strings.Contains(body, s) {
			t.Errorf("%s: missing %q", what, s)
		}
	}
}

func deskWantNot(t *testing.T, what, body string, subs ...string) {
	t.Helper()
	for _, s := range subs {
		if strings.Contains(body, s) {
			t.Errorf("%s: unexpectedly contains %q", what, s)
		}
	}
}

// storageAll lists every order.
func storageAll() storage.OrderFilter { return storage.OrderFilter{ScopeAll: true, Limit: 200} }
