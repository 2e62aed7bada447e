package emulator_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/flexplugins/terraform-provider-twilio/internal/emulator"
)

const pluginsPath = "/v1/PluginService/Plugins"

func TestCreateFetchUpdatePlugin(t *testing.T) {
	api := newTestAPI(t)
	form := url.Values{"UniqueName": {"agent-tools"}, "FriendlyName": {"Agent tools"},
		"Description": {"Tools for agents"}}
	created := api.expect(http.MethodPost, pluginsPath, form, http.StatusCreated)
	checkPluginShape(t, created, api.base, false)
	if created["unique_name"] != "agent-tools" || created["friendly_name"] != "Agent tools" ||
		created["description"] != "Tools for agents" {
		t.Errorf("created plugin %v does not echo the form", created)
	}
	checkBool(t, created, "archived", false)
	sid := str(created, "sid")

	for _, ref := range []string{sid, "agent-tools"} {
		got := api.expect(http.MethodGet, pluginsPath+"/"+ref, nil, http.StatusOK)
		checkPluginShape(t, got, api.base, false)
		if got["sid"] != sid {
			t.Errorf("GET by %q returned sid %v, want %s", ref, got["sid"], sid)
		}
	}

	update := url.Values{"FriendlyName": {"Renamed"}}
	updated := api.expect(http.MethodPost, pluginsPath+"/"+sid, update, http.StatusOK)
	checkPluginShape(t, updated, api.base, false)
	if updated["friendly_name"] != "Renamed" || updated["description"] != "Tools for agents" {
		t.Errorf("updated plugin %v: want the new friendly name and the old description", updated)
	}
}

func TestCreatePluginRejectsBadInput(t *testing.T) {
	api := newTestAPI(t)
	api.expect(http.MethodPost, pluginsPath, url.Values{"UniqueName": {"dup"}}, http.StatusCreated)

	cases := map[string]struct {
		form     url.Values
		wantText string
	}{
		"missing unique name":   {url.Values{"FriendlyName": {"x"}}, "UniqueName"},
		"duplicate unique name": {url.Values{"UniqueName": {"dup"}}, `"dup" already exists`},
		"long description": {url.Values{"UniqueName": {"y"},
			"Description": {strings.Repeat("d", 501)}}, "Description"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			msg := api.expectError(http.MethodPost, pluginsPath, tc.form,
				http.StatusBadRequest, emulator.CodeInvalidParameter)
			if !strings.Contains(msg, tc.wantText) {
				t.Errorf("message %q does not mention %q", msg, tc.wantText)
			}
		})
	}
}

func TestArchivePlugin(t *testing.T) {
	api := newTestAPI(t)
	p := api.srv.AddPlugin("to-archive")
	archivePath := pluginsPath + "/" + p.Sid + "/Archive"

	got := api.expect(http.MethodPost, archivePath, nil, http.StatusOK)
	checkPluginShape(t, got, api.base, true)
	checkBool(t, got, "archived", true)

	fetched := api.expect(http.MethodGet, pluginsPath+"/to-archive", nil, http.StatusOK)
	checkBool(t, fetched, "archived", true)

	msg := api.expectError(http.MethodPost, archivePath, nil, http.StatusBadRequest,
		emulator.CodeInvalidParameter)
	if !strings.Contains(msg, "already archived") {
		t.Errorf("message %q does not say the plugin is already archived", msg)
	}
}

func TestListPlugins(t *testing.T) {
	api := newTestAPI(t)
	empty := api.expect(http.MethodGet, pluginsPath, nil, http.StatusOK)
	checkKeys(t, empty, "plugins", "meta")
	if list, ok := empty["plugins"].([]any); !ok || len(list) != 0 {
		t.Errorf("plugins = %v, want an empty array", empty["plugins"])
	}

	first := api.srv.AddPlugin("first")
	second := api.srv.AddPlugin("second")
	body := api.expect(http.MethodGet, pluginsPath, nil, http.StatusOK)
	meta := checkMeta(t, body, "plugins", 0, 50)
	wantFirst := api.base + pluginsPath + "?PageSize=50&Page=0"
	if meta["first_page_url"] != wantFirst || meta["url"] != wantFirst {
		t.Errorf("first_page_url %v and url %v, want %s", meta["first_page_url"], meta["url"],
			wantFirst)
	}
	if meta["next_page_url"] != nil || meta["previous_page_url"] != nil {
		t.Errorf("a single page has next %v and previous %v, want null",
			meta["next_page_url"], meta["previous_page_url"])
	}
	list, _ := body["plugins"].([]any)
	if len(list) != 2 {
		t.Fatalf("listed %d plugins, want 2", len(list))
	}
	for i, want := range []string{second.Sid, first.Sid} {
		item, _ := list[i].(map[string]any)
		checkPluginShape(t, item, api.base, false)
		if item["sid"] != want {
			t.Errorf("plugins[%d].sid = %v, want %s (newest first)", i, item["sid"], want)
		}
	}
}

func TestUnknownPluginAndPaths(t *testing.T) {
	api := newTestAPI(t)
	api.srv.AddPlugin("known")
	unknown := []string{
		pluginsPath + "/FP" + strings.Repeat("0", 32),
		pluginsPath + "/nobody/Versions",
		pluginsPath + "/known/Versions/FV" + strings.Repeat("0", 32),
		pluginsPath + "/known/Nothing",
		pluginsPath + "/known/",
		"/v1/PluginService/Configurations",
		"/",
	}
	for _, p := range unknown {
		msg := api.expectError(http.MethodGet, p, nil, http.StatusNotFound, emulator.CodeNotFound)
		if !strings.Contains(msg, "was not found") {
			t.Errorf("GET %s: message %q does not say what was not found", p, msg)
		}
	}
}

func TestEscapedSlashStaysInOneSegment(t *testing.T) {
	api := newTestAPI(t)
	p := api.srv.AddPlugin("real")
	api.srv.AddPluginVersions(p.Sid, 1)
	// "real/Versions" escaped is one segment, so it names an unknown plugin, not a list.
	api.expectError(http.MethodGet, pluginsPath+"/real%2FVersions", nil, http.StatusNotFound,
		emulator.CodeNotFound)
	api.expectError(http.MethodGet, pluginsPath+"/..%2Freal", nil, http.StatusNotFound,
		emulator.CodeNotFound)
}

func TestMethodNotAllowed(t *testing.T) {
	api := newTestAPI(t)
	p := api.srv.AddPlugin("m")
	v := api.srv.AddPluginVersions(p.Sid, 1)[0]
	cases := []struct{ method, path, allow string }{
		{http.MethodDelete, pluginsPath, "GET, POST"},
		{http.MethodDelete, pluginsPath + "/" + p.Sid, "GET, POST"},
		{http.MethodGet, pluginsPath + "/" + p.Sid + "/Archive", "POST"},
		{http.MethodPut, versionsPath(p.Sid), "GET, POST"},
		{http.MethodPost, versionsPath(p.Sid) + "/" + v.Sid, "GET"},
		{http.MethodGet, versionsPath(p.Sid) + "/" + v.Sid + "/Archive", "POST"},
	}
	for _, tc := range cases {
		r := api.call(tc.method, tc.path, nil)
		checkError(t, r, http.StatusMethodNotAllowed, emulator.CodeMethodNotAllowed)
		if got := r.header.Get("Allow"); got != tc.allow {
			t.Errorf("%s %s: Allow %q, want %q", tc.method, tc.path, got, tc.allow)
		}
	}
}
