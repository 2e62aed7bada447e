package emulator_test

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/flexplugins/terraform-provider-twilio/internal/emulator"
)

// listPage fetches one page of plugin versions and returns the SIDs and the meta object.
func (a *testAPI) listPage(pathAndQuery string) ([]string, map[string]any) {
	a.t.Helper()
	body := a.expect(http.MethodGet, pathAndQuery, nil, http.StatusOK)
	checkKeys(a.t, body, "plugin_versions", "meta")
	items, ok := body["plugin_versions"].([]any)
	if !ok {
		a.t.Fatalf("plugin_versions is not an array: %v", body["plugin_versions"])
	}
	sids := make([]string, 0, len(items))
	for _, it := range items {
		m, _ := it.(map[string]any)
		sids = append(sids, str(m, "sid"))
	}
	meta, _ := body["meta"].(map[string]any)
	return sids, meta
}

// relative turns an absolute page URL from the emulator into a path and query on it.
func (a *testAPI) relative(pageURL string) string {
	a.t.Helper()
	rest, ok := strings.CutPrefix(pageURL, a.base)
	if !ok {
		a.t.Fatalf("page URL %q is not on %s", pageURL, a.base)
	}
	return rest
}

func reversedSids(vs []emulator.PluginVersion) []string {
	sids := make([]string, 0, len(vs))
	for _, v := range slices.Backward(vs) {
		sids = append(sids, v.Sid)
	}
	return sids
}

func TestPaginationOverManyVersions(t *testing.T) {
	api := newTestAPI(t)
	p := api.srv.AddPlugin("many")
	want := reversedSids(api.srv.AddPluginVersions(p.Sid, 2050))

	var got []string
	next := versionsPath(p.Sid) + "?PageSize=1000"
	wantSizes := []int{1000, 1000, 50}
	for page := 0; next != ""; page++ {
		if page >= len(wantSizes) {
			t.Fatalf("more than %d pages", len(wantSizes))
		}
		sids, meta := api.listPage(next)
		checkMeta(t, map[string]any{"meta": meta}, "plugin_versions", page, 1000)
		if len(sids) != wantSizes[page] {
			t.Errorf("page %d has %d items, want %d", page, len(sids), wantSizes[page])
		}
		if (meta["previous_page_url"] == nil) != (page == 0) {
			t.Errorf("page %d: previous_page_url = %v", page, meta["previous_page_url"])
		}
		got = append(got, sids...)
		next = ""
		if u, ok := meta["next_page_url"].(string); ok {
			checkNextPageURL(t, u, page+1)
			next = api.relative(u)
		}
	}
	if !slices.Equal(got, want) {
		t.Fatalf("walked %d SIDs; they differ from the %d created, newest first", len(got),
			len(want))
	}
}

func checkNextPageURL(t *testing.T, raw string, page int) {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil || !u.IsAbs() {
		t.Fatalf("next_page_url %q is not an absolute URL", raw)
	}
	q := u.Query()
	if q.Get("PageSize") != "1000" || q.Get("Page") != strconv.Itoa(page) || q.Get("PageToken") == "" {
		t.Errorf("next_page_url %q lacks PageSize=1000, Page=%d and a PageToken", raw, page)
	}
}

func TestPreviousPageURLLeadsBack(t *testing.T) {
	api := newTestAPI(t)
	p := api.srv.AddPlugin("back")
	api.srv.AddPluginVersions(p.Sid, 5)
	first, meta := api.listPage(versionsPath(p.Sid) + "?PageSize=2")
	second, meta2 := api.listPage(api.relative(str(meta, "next_page_url")))
	if meta2["page"] != float64(1) || slices.Contains(first, second[0]) {
		t.Fatalf("second page %v (page %v) overlaps the first %v", second, meta2["page"], first)
	}
	back, backMeta := api.listPage(api.relative(str(meta2, "previous_page_url")))
	if !slices.Equal(back, first) || backMeta["page"] != float64(0) {
		t.Errorf("previous page %v (page %v), want %v (page 0)", back, backMeta["page"], first)
	}
}

func TestPageTokenSurvivesNewVersions(t *testing.T) {
	api := newTestAPI(t)
	p := api.srv.AddPlugin("moving")
	all := reversedSids(api.srv.AddPluginVersions(p.Sid, 5))
	_, meta := api.listPage(versionsPath(p.Sid) + "?PageSize=2")
	api.srv.AddPluginVersions(p.Sid, 3)
	second, _ := api.listPage(api.relative(str(meta, "next_page_url")))
	if !slices.Equal(second, all[2:4]) {
		t.Errorf("second page %v, want %v despite versions added meanwhile", second, all[2:4])
	}
}

func TestPageByOffsetWithoutToken(t *testing.T) {
	api := newTestAPI(t)
	p := api.srv.AddPlugin("offset")
	all := reversedSids(api.srv.AddPluginVersions(p.Sid, 5))
	got, meta := api.listPage(versionsPath(p.Sid) + "?PageSize=2&Page=2")
	if !slices.Equal(got, all[4:]) || meta["next_page_url"] != nil {
		t.Errorf("page 2 = %v next %v, want %v and no next page", got, meta["next_page_url"],
			all[4:])
	}
}

func TestDefaultPageSize(t *testing.T) {
	api := newTestAPI(t)
	p := api.srv.AddPlugin("default-size")
	api.srv.AddPluginVersions(p.Sid, 51)
	got, meta := api.listPage(versionsPath(p.Sid))
	if len(got) != 50 || meta["page_size"] != float64(50) || meta["next_page_url"] == nil {
		t.Errorf("default page: %d items, page_size %v, next %v; want 50, 50, a URL",
			len(got), meta["page_size"], meta["next_page_url"])
	}
}

func TestBadPagingParameters(t *testing.T) {
	api := newTestAPI(t)
	p := api.srv.AddPlugin("paging")
	other := api.srv.AddPlugin("other")
	api.srv.AddPluginVersions(p.Sid, 3)
	api.srv.AddPluginVersions(other.Sid, 3)
	_, meta := api.listPage(versionsPath(other.Sid) + "?PageSize=1")
	foreign := mustQuery(t, str(meta, "next_page_url")).Get("PageToken")
	mangled := foreign[:len(foreign)-2] + "xx"

	cases := map[string]string{
		"PageSize=0":                            "PageSize",
		"PageSize=1001":                         "PageSize",
		"PageSize=abc":                          "PageSize",
		"PageSize=":                             "PageSize",
		"Page=-1":                               "Page",
		"Page=x":                                "Page",
		"PageToken=garbage":                     "PageToken",
		"PageToken=PT":                          "PageToken",
		"PageToken=" + foreign:                  "PageToken",
		"PageToken=" + url.QueryEscape(mangled): "PageToken",
	}
	for query, wantText := range cases {
		msg := api.expectError(http.MethodGet, versionsPath(p.Sid)+"?"+query, nil,
			http.StatusBadRequest, emulator.CodeInvalidParameter)
		if !strings.Contains(msg, wantText) {
			t.Errorf("?%s: message %q does not mention %s", query, msg, wantText)
		}
	}
	for _, size := range []string{"1", "1000"} {
		api.expect(http.MethodGet, versionsPath(p.Sid)+"?PageSize="+size, nil, http.StatusOK)
	}
}

func mustQuery(t *testing.T, raw string) url.Values {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatalf("parsing %q: %v", raw, err)
	}
	return u.Query()
}
