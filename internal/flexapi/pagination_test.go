package flexapi

import (
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"testing"
)

func TestListPluginVersionsFollowsPagesOnConfiguredHost(t *testing.T) {
	// Tokens hold characters that change meaning if decoded or re-encoded.
	page2Query := "PageSize=1000&Page=1&PageToken=PT+a/b%2Bc==&x=%2F"
	page3Query := "Page=2&PageToken=%3D%2B%2F+%25"
	next2 := "https://elsewhere.invalid" + versionsPath() + "?" + page2Query
	next3 := "http://elsewhere.invalid:8443" + versionsPath() + "?" + page3Query

	srv := newAPIServer(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.RawQuery {
		case "PageSize=1000":
			writeJSON(w, http.StatusOK, versionsPage(0, 1000, next2))
		case page2Query:
			writeJSON(w, http.StatusOK, versionsPage(1000, 2000, next3))
		case page3Query:
			writeJSON(w, http.StatusOK, versionsPage(2000, 2005, nil))
		default:
			w.WriteHeader(http.StatusTeapot)
		}
	})
	c, guard := newTestClient(t, srv.Server)

	versions, err := c.ListPluginVersions(t.Context(), testPluginSid)
	if err != nil {
		t.Fatalf("ListPluginVersions: %v", err)
	}
	if len(versions) != 2005 {
		t.Fatalf("got %d versions, want 2005", len(versions))
	}
	for i, v := range versions {
		if v.Sid != versionSid(i) {
			t.Fatalf("versions[%d].Sid = %q, want %q (API order)", i, v.Sid, versionSid(i))
		}
	}
	reqs := srv.requests()
	wantURIs := []string{
		versionsPath() + "?PageSize=1000",
		versionsPath() + "?" + page2Query,
		versionsPath() + "?" + page3Query,
	}
	var gotURIs []string
	for _, r := range reqs {
		gotURIs = append(gotURIs, r.RequestURI)
		if r.Header.Get("Authorization") == "" {
			t.Errorf("page request %s has no credentials", r.RequestURI)
		}
	}
	if !reflect.DeepEqual(gotURIs, wantURIs) {
		t.Errorf("request URIs = %q\nwant %q", gotURIs, wantURIs)
	}
	for _, addr := range guard.addresses() {
		if addr != guard.allowed {
			t.Errorf("client dialed %s; only the test server %s may be contacted", addr,
				guard.allowed)
		}
	}
}

func TestListRelativeNextPageURL(t *testing.T) {
	srv := newAPIServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("Page") == "1" {
			writeJSON(w, http.StatusOK, versionsPage(1, 2, ""))
			return
		}
		writeJSON(w, http.StatusOK, versionsPage(0, 1, versionsPath()+"?Page=1"))
	})
	c, _ := newTestClient(t, srv.Server)
	versions, err := c.ListPluginVersions(t.Context(), testPluginSid)
	if err != nil || len(versions) != 2 {
		t.Fatalf("got %d versions, err %v; want 2", len(versions), err)
	}
}

func TestListRepeatedPageURLIsAnError(t *testing.T) {
	first := "https://flex-api.twilio.com" + versionsPath() + "?PageSize=1000"
	second := "https://flex-api.twilio.com" + versionsPath() + "?PageSize=1000&Page=1"
	srv := newAPIServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("Page") == "1" {
			writeJSON(w, http.StatusOK, versionsPage(1, 2, first))
			return
		}
		writeJSON(w, http.StatusOK, versionsPage(0, 1, second))
	})
	c, _ := newTestClient(t, srv.Server)
	versions, err := c.ListPluginVersions(t.Context(), testPluginSid)
	if err == nil || !strings.Contains(err.Error(), "a second time") {
		t.Fatalf("err = %v, want a repeated page error", err)
	}
	if versions != nil {
		t.Errorf("versions = %v, want nil with an error", versions)
	}
	if n := srv.count(); n != 2 {
		t.Errorf("server saw %d requests, want 2", n)
	}
}

func TestListEmptyIsNonNil(t *testing.T) {
	tests := map[string]string{
		"empty list": `{"plugin_versions": [], "meta": {"key": "plugin_versions",` +
			` "next_page_url": null}}`,
		"null list": `{"plugin_versions": null, "meta": {"next_page_url": null}}`,
	}
	for name, body := range tests {
		t.Run(name, func(t *testing.T) {
			srv := newAPIServer(t, func(w http.ResponseWriter, r *http.Request) {
				_, _ = w.Write([]byte(body))
			})
			c, _ := newTestClient(t, srv.Server)
			versions, err := c.ListPluginVersions(t.Context(), testPluginSid)
			if err != nil {
				t.Fatalf("ListPluginVersions: %v", err)
			}
			if versions == nil || len(versions) != 0 {
				t.Errorf("versions = %#v, want an empty non-nil slice", versions)
			}
		})
	}
}

func TestListMalformedPages(t *testing.T) {
	tests := []struct {
		name    string
		body    string
		wantErr string
	}{
		{"no meta", `{"plugin_versions": []}`, "no meta"},
		{"other list", `{"plugins": [], "meta": {"key": "plugins"}}`, `lists "plugins"`},
		{"item without sid", `{"plugin_versions": [{"sid": "FV1"}, {"version": "1"}],` +
			` "meta": {}}`, "item 1 of the list page has no sid"},
		{"wrong type", `{"plugin_versions": {"sid": "FV1"}, "meta": {}}`, "malformed list page"},
		{"bad next page", `{"plugin_versions": [], "meta": {"next_page_url": "::"}}`,
			"next_page_url"},
		{"HTML", `<html><title>Login required</title></html>`, "Login required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newAPIServer(t, func(w http.ResponseWriter, r *http.Request) {
				_, _ = w.Write([]byte(tt.body))
			})
			c, _ := newTestClient(t, srv.Server)
			_, err := c.ListPluginVersions(t.Context(), testPluginSid)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("err = %v, want one containing %q", err, tt.wantErr)
			}
			if !strings.HasPrefix(err.Error(), "GET "+versionsPath()+": ") {
				t.Errorf("error %q does not name the request", err)
			}
		})
	}
}

func TestListPlugins(t *testing.T) {
	next := "https://elsewhere.invalid/v1/PluginService/Plugins?PageSize=1000&PageToken=a%2Bb"
	srv := newAPIServer(t, func(w http.ResponseWriter, r *http.Request) {
		page := func(sid string, next any) map[string]any {
			return map[string]any{
				"plugins": []any{map[string]any{"sid": sid, "unique_name": "n-" + sid}},
				"meta":    map[string]any{"key": "plugins", "next_page_url": next},
			}
		}
		if r.URL.RawQuery == "PageSize=1000&PageToken=a%2Bb" {
			writeJSON(w, http.StatusOK, page("FP2", nil))
			return
		}
		writeJSON(w, http.StatusOK, page("FP1", next))
	})
	c, _ := newTestClient(t, srv.Server)
	plugins, err := c.ListPlugins(t.Context())
	if err != nil {
		t.Fatalf("ListPlugins: %v", err)
	}
	var got []string
	for _, p := range plugins {
		got = append(got, p.Sid+"/"+p.UniqueName)
	}
	if want := []string{"FP1/n-FP1", "FP2/n-FP2"}; !reflect.DeepEqual(got, want) {
		t.Errorf("plugins = %v, want %v", got, want)
	}
}

func TestListPageErrorStopsTheWalk(t *testing.T) {
	srv := newAPIServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("Page") == "1" {
			writeJSON(w, http.StatusBadRequest, map[string]any{"code": 20001,
				"message": "Invalid PageToken"})
			return
		}
		writeJSON(w, http.StatusOK, versionsPage(0, 3, fmt.Sprintf("%s?Page=1", versionsPath())))
	})
	c, _ := newTestClient(t, srv.Server)
	versions, err := c.ListPluginVersions(t.Context(), testPluginSid)
	var apiErr *Error
	if !errors.As(err, &apiErr) || apiErr.Code != 20001 || versions != nil {
		t.Fatalf("got %d versions, err %v; want the page's *Error and no versions",
			len(versions), err)
	}
}
