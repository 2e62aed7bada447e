package emulator_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/flexplugins/terraform-provider-twilio/internal/emulator"
)

func TestCreatePluginVersion(t *testing.T) {
	api := newTestAPI(t)
	p := api.srv.AddPlugin("agent-tools")
	form := url.Values{
		"Version":        {"1.2.3"},
		"PluginUrl":      {"https://assets.example.com/agent-tools/1.2.3/bundle.js"},
		"Changelog":      {"First release"},
		"Private":        {"true"},
		"CliVersion":     {"6.3.2"},
		"ValidateStatus": {"success"},
	}
	got := api.expect(http.MethodPost, versionsPath(p.Sid), form, http.StatusCreated)
	checkVersionShape(t, got, api.base, p.Sid, false)
	if got["version"] != "1.2.3" || got["changelog"] != "First release" ||
		got["plugin_url"] != form.Get("PluginUrl") {
		t.Errorf("created version %v does not echo the form", got)
	}
	checkBool(t, got, "private", true)
	checkBool(t, got, "validated", true)
	checkBool(t, got, "archived", false)

	stored, ok := api.srv.PluginVersion(p.Sid, str(got, "sid"))
	if !ok || stored.Version != "1.2.3" || !stored.Private || !stored.Validated {
		t.Errorf("stored version %+v (found %v) does not match the create", stored, ok)
	}
}

func TestCreatePluginVersionDefaults(t *testing.T) {
	api := newTestAPI(t)
	p := api.srv.AddPlugin("defaults")
	form := versionForm("1.0.0")
	form.Set("ValidateStatus", "failed")
	got := api.expect(http.MethodPost, versionsPath("defaults"), form, http.StatusCreated)
	checkVersionShape(t, got, api.base, p.Sid, false)
	checkBool(t, got, "private", false)
	checkBool(t, got, "validated", false)
	if got["changelog"] != "" {
		t.Errorf("changelog = %v, want an empty string", got["changelog"])
	}
}

func TestCreatePluginVersionAcceptsFlexMetadata(t *testing.T) {
	api := newTestAPI(t)
	p := api.srv.AddPlugin("meta")
	req, err := api.request(context.Background(), http.MethodPost, versionsPath(p.Sid),
		versionForm("1.0.0"), http.Header{"Flex-Metadata": {"cli-version=6.3.2"}})
	if err != nil {
		t.Fatal(err)
	}
	r, err := send(req)
	if err != nil || r.status != http.StatusCreated {
		t.Fatalf("create with Flex-Metadata: status %d, err %v, body %s", r.status, err, r.body)
	}
}

func TestCreatePluginVersionRejectsBadInput(t *testing.T) {
	api := newTestAPI(t)
	p := api.srv.AddPlugin("bad-input")
	with := func(key, value string) url.Values {
		f := versionForm("1.0.0")
		if value == "" {
			f.Del(key)
		} else {
			f.Set(key, value)
		}
		return f
	}
	cases := map[string]struct {
		form     url.Values
		wantText string
	}{
		"missing version":     {with("Version", ""), "Version"},
		"missing plugin url":  {with("PluginUrl", ""), "PluginUrl"},
		"relative plugin url": {with("PluginUrl", "/bundle.js"), "absolute URL"},
		"plugin url no host":  {with("PluginUrl", "https:bundle.js"), "absolute URL"},
		"private not boolean": {with("Private", "yes"), "Private must be true or false"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			msg := api.expectError(http.MethodPost, versionsPath(p.Sid), tc.form,
				http.StatusBadRequest, emulator.CodeInvalidParameter)
			if !strings.Contains(msg, tc.wantText) {
				t.Errorf("message %q does not mention %q", msg, tc.wantText)
			}
		})
	}
	if n := len(api.srv.PluginVersions(p.Sid)); n != 0 {
		t.Errorf("%d versions exist after rejected creates, want 0", n)
	}
}

func TestVersionStringIsTakenForever(t *testing.T) {
	api := newTestAPI(t)
	p := api.srv.AddPlugin("dups")
	created := api.expect(http.MethodPost, versionsPath(p.Sid), versionForm("2.0.0"),
		http.StatusCreated)

	msg := api.expectError(http.MethodPost, versionsPath(p.Sid), versionForm("2.0.0"),
		http.StatusBadRequest, emulator.CodeInvalidParameter)
	if !strings.Contains(msg, `"2.0.0" already exists`) {
		t.Errorf("message %q does not say the version exists", msg)
	}

	api.expect(http.MethodPost, versionsPath(p.Sid)+"/"+str(created, "sid")+"/Archive", nil,
		http.StatusOK)
	api.expectError(http.MethodPost, versionsPath(p.Sid), versionForm("2.0.0"),
		http.StatusBadRequest, emulator.CodeInvalidParameter)

	other := api.srv.AddPlugin("other")
	api.expect(http.MethodPost, versionsPath(other.Sid), versionForm("2.0.0"), http.StatusCreated)
}

func TestFetchAndArchivePluginVersion(t *testing.T) {
	api := newTestAPI(t)
	p := api.srv.AddPlugin("fetch-me")
	v := api.srv.AddPluginVersions(p.Sid, 1)[0]

	for _, ref := range []string{p.Sid, "fetch-me"} {
		got := api.expect(http.MethodGet, versionsPath(ref)+"/"+v.Sid, nil, http.StatusOK)
		checkVersionShape(t, got, api.base, p.Sid, false)
		if got["version"] != v.Version || got["sid"] != v.Sid {
			t.Errorf("fetched %v, want version %s sid %s", got, v.Version, v.Sid)
		}
	}

	archivePath := versionsPath("fetch-me") + "/" + v.Sid + "/Archive"
	archived := api.expect(http.MethodPost, archivePath, nil, http.StatusOK)
	checkVersionShape(t, archived, api.base, p.Sid, true)
	checkBool(t, archived, "archived", true)

	after := api.expect(http.MethodGet, versionsPath(p.Sid)+"/"+v.Sid, nil, http.StatusOK)
	checkBool(t, after, "archived", true)

	msg := api.expectError(http.MethodPost, archivePath, nil, http.StatusBadRequest,
		emulator.CodeInvalidParameter)
	if !strings.Contains(msg, "already archived") {
		t.Errorf("message %q does not say the version is already archived", msg)
	}
}

func TestForwardedProtoShapesURLs(t *testing.T) {
	api := newTestAPI(t)
	p := api.srv.AddPlugin("proxied")
	v := api.srv.AddPluginVersions(p.Sid, 1)[0]
	req, err := api.request(context.Background(), http.MethodGet,
		versionsPath(p.Sid)+"/"+v.Sid, nil, http.Header{"X-Forwarded-Proto": {"https"}})
	if err != nil {
		t.Fatal(err)
	}
	r, err := send(req)
	if err != nil {
		t.Fatal(err)
	}
	got := str(decodeObject(t, r.body), "url")
	want := "https://" + strings.TrimPrefix(api.base, "http://") + versionsPath(p.Sid) + "/" + v.Sid
	if got != want {
		t.Errorf("url %q, want %q", got, want)
	}
}
