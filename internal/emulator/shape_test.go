package emulator_test

import (
	"testing"
	"time"

	"github.com/flexplugins/terraform-provider-twilio/internal/emulator"
)

const twilioTime = "2006-01-02T15:04:05Z"

// checkTime fails unless v is an RFC 3339 UTC time with whole seconds, as Twilio sends.
func checkTime(t testing.TB, field string, v any) {
	t.Helper()
	s, _ := v.(string)
	if _, err := time.Parse(twilioTime, s); err != nil {
		t.Errorf("%s %q is not a time like 2020-01-10T20:00:00Z", field, s)
	}
}

func checkBool(t testing.TB, m map[string]any, key string, want bool) {
	t.Helper()
	if m[key] != want {
		t.Errorf("%s = %v (%T), want %v", key, m[key], m[key], want)
	}
}

// checkPluginShape checks a plugin object against flex.v1.plugin (or flex.v1.plugin_archive).
func checkPluginShape(t testing.TB, m map[string]any, base string, archive bool) {
	t.Helper()
	keys := []string{"sid", "account_sid", "unique_name", "friendly_name", "description",
		"archived", "date_created", "date_updated", "url"}
	if !archive {
		keys = append(keys, "links")
	}
	checkKeys(t, m, keys...)
	sid := str(m, "sid")
	if !pluginSidPattern.MatchString(sid) {
		t.Errorf("sid %q does not match ^FP[0-9a-f]{32}$", sid)
	}
	if got := str(m, "account_sid"); got != emulator.DefaultAccountSid {
		t.Errorf("account_sid %q, want %q", got, emulator.DefaultAccountSid)
	}
	for _, k := range []string{"unique_name", "friendly_name", "description"} {
		if _, ok := m[k].(string); !ok {
			t.Errorf("%s = %v, want a string", k, m[k])
		}
	}
	checkTime(t, "date_created", m["date_created"])
	checkTime(t, "date_updated", m["date_updated"])
	wantURL := base + "/v1/PluginService/Plugins/" + sid
	if archive {
		wantURL += "/Archive"
	}
	if got := str(m, "url"); got != wantURL {
		t.Errorf("url %q, want %q", got, wantURL)
	}
	if !archive {
		links, _ := m["links"].(map[string]any)
		if got := str(links, "plugin_versions"); got != wantURL+"/Versions" {
			t.Errorf("links.plugin_versions %q, want %q", got, wantURL+"/Versions")
		}
	}
}

// checkVersionShape checks a plugin version object against flex.v1.plugin.plugin_version
// (or flex.v1.plugin_version_archive, which has no validated field).
func checkVersionShape(t testing.TB, m map[string]any, base, pluginSid string, archive bool) {
	t.Helper()
	keys := []string{"sid", "account_sid", "plugin_sid", "version", "plugin_url",
		"changelog", "private", "archived", "date_created", "url"}
	if !archive {
		keys = append(keys, "validated")
	}
	checkKeys(t, m, keys...)
	sid := str(m, "sid")
	if !versionSidPattern.MatchString(sid) {
		t.Errorf("sid %q does not match ^FV[0-9a-f]{32}$", sid)
	}
	if got := str(m, "plugin_sid"); got != pluginSid {
		t.Errorf("plugin_sid %q, want %q", got, pluginSid)
	}
	if got := str(m, "account_sid"); got != emulator.DefaultAccountSid {
		t.Errorf("account_sid %q, want %q", got, emulator.DefaultAccountSid)
	}
	for _, k := range []string{"private", "archived", "validated"} {
		if _, ok := m[k].(bool); !ok && (k != "validated" || !archive) {
			t.Errorf("%s = %v, want a boolean", k, m[k])
		}
	}
	checkTime(t, "date_created", m["date_created"])
	wantURL := base + "/v1/PluginService/Plugins/" + pluginSid + "/Versions/" + sid
	if archive {
		wantURL += "/Archive"
	}
	if got := str(m, "url"); got != wantURL {
		t.Errorf("url %q, want %q", got, wantURL)
	}
}

// checkMeta checks a list meta object and returns it.
func checkMeta(t testing.TB, body map[string]any, key string, page, size int) map[string]any {
	t.Helper()
	meta, ok := body["meta"].(map[string]any)
	if !ok {
		t.Fatalf("meta is missing: %v", body)
	}
	checkKeys(t, meta, "first_page_url", "previous_page_url", "next_page_url", "page",
		"page_size", "key", "url")
	if meta["key"] != key || meta["page"] != float64(page) || meta["page_size"] != float64(size) {
		t.Errorf("meta key/page/page_size = %v/%v/%v, want %s/%d/%d",
			meta["key"], meta["page"], meta["page_size"], key, page, size)
	}
	return meta
}
