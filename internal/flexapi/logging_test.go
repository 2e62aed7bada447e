package flexapi

import (
	"bytes"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"
)

func TestLogsAttemptsRetriesAndMaskedBodies(t *testing.T) {
	var calls atomic.Int32
	srv := newAPIServer(t, func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			w.Header().Set("Retry-After", "0")
			writeJSON(w, http.StatusTooManyRequests, map[string]any{"code": 20429})
			return
		}
		_, pass, _ := r.BasicAuth()
		v := pluginVersionJSON(testVersionSid, "1.0.0")
		v["changelog"] = "echo " + pass + " " + r.Header.Get("Authorization")
		writeJSON(w, http.StatusCreated, v)
	})
	c, _ := newTestClient(t, srv.Server)
	var out bytes.Buffer
	ctx := tflogtest.RootLogger(t.Context(), &out)

	_, err := c.CreatePluginVersion(ctx, testPluginSid, CreatePluginVersionInput{
		Version: "1.0.0", PluginURL: "https://x.test/p.js", Changelog: "token " + testAuthToken,
	})
	if err != nil {
		t.Fatalf("CreatePluginVersion: %v", err)
	}
	raw := out.String()
	assertNoSecret(t, "log output", raw)
	entries, err := tflogtest.MultilineJSONDecode(&out)
	if err != nil {
		t.Fatalf("decoding logs: %v", err)
	}

	var attempts []float64
	var statuses []float64
	var warned, tracedRequest, tracedResponse bool
	for _, e := range entries {
		switch e["@message"] {
		case "Flex API response":
			if e["@level"] != "debug" || e["method"] != "POST" || e["path"] != versionsPath() {
				t.Errorf("debug entry = %v", e)
			}
			if _, ok := e["duration_ms"].(float64); !ok {
				t.Errorf("debug entry has no duration_ms: %v", e)
			}
			attempts = append(attempts, e["attempt"].(float64))
			statuses = append(statuses, e["status"].(float64))
		case "Retrying Flex API request":
			warned = e["@level"] == "warn" && e["status"] == float64(429) &&
				e["attempt"] == float64(1)
		case "Flex API request body":
			body, _ := e["body"].(string)
			tracedRequest = strings.Contains(body, "Version=1.0.0") &&
				strings.Contains(body, maskedSecret)
		case "Flex API response body":
			body, _ := e["body"].(string)
			if e["status"] == float64(201) {
				tracedResponse = strings.Contains(body, testVersionSid) &&
					strings.Contains(body, "echo "+maskedSecret+" Basic "+maskedSecret)
			}
		}
	}
	if len(attempts) != 2 || attempts[0] != 1 || attempts[1] != 2 ||
		statuses[0] != 429 || statuses[1] != 201 {
		t.Errorf("debug attempts %v statuses %v, want [1 2] [429 201]", attempts, statuses)
	}
	if !warned {
		t.Error("no warn entry for the retry")
	}
	if !tracedRequest || !tracedResponse {
		t.Errorf("trace bodies missing or unmasked (request %v, response %v):\n%s",
			tracedRequest, tracedResponse, raw)
	}
	if strings.Contains(strings.ToLower(raw), "authorization\"") {
		t.Error("the log has an Authorization field")
	}
}

func TestRedactorMasksSecretsAcrossTheCut(t *testing.T) {
	r := newRedactor(testAccountSid, testAuthToken)
	body := []byte(strings.Repeat("x", 10) + testAuthToken + "tail")
	for n := 0; n < len(body); n++ {
		got := r.prefix(body, n)
		if strings.Contains(got, testAuthToken[:min(len(testAuthToken), 4)]) &&
			!strings.Contains(got, maskedSecret) {
			t.Fatalf("prefix(%d) = %q shows part of the secret", n, got)
		}
		if len(got) > n {
			t.Fatalf("prefix(%d) is %d bytes long", n, len(got))
		}
	}
	if got := newRedactor("", "").string("anything"); got != "anything" {
		t.Errorf("empty redactor changed text to %q", got)
	}
}
