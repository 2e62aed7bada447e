package e2e

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/flexplugins/terraform-provider-twilio/internal/emulator"
	"github.com/flexplugins/terraform-provider-twilio/internal/tfrun"
)

// credentialForm is one way to authenticate: the emulator's options and the matching
// provider arguments.
type credentialForm struct {
	name         string
	options      emulator.Options
	arguments    map[string]string
	user, secret string
}

func credentialForms(t *testing.T) []credentialForm {
	accountSid := "AC" + randomHex(t, 16)
	token := "tok-" + randomHex(t, 16)
	apiKey := "SK" + randomHex(t, 16)
	apiSecret := "sec-" + randomHex(t, 16)
	return []credentialForm{
		{
			name:      "account SID and auth token",
			options:   emulator.Options{AccountSid: accountSid, AuthToken: token},
			arguments: map[string]string{"account_sid": accountSid, "auth_token": token},
			user:      accountSid, secret: token,
		},
		{
			name: "API key and secret",
			options: emulator.Options{AccountSid: accountSid, APIKey: apiKey,
				APISecret: apiSecret},
			arguments: map[string]string{"api_key": apiKey, "api_secret": apiSecret},
			user:      apiKey, secret: apiSecret,
		},
	}
}

// authorizationWithCredential matches an Authorization header logged with its value.
var authorizationWithCredential = regexp.MustCompile(
	`(?i)authorization["']?\s*[:=]\s*["']?\s*\[?["']?(basic|bearer)\s+[A-Za-z0-9+/=]{6,}`)

// TestSecrets_notInTraceLog runs a whole lifecycle with TF_LOG=TRACE and searches the log
// for the credentials in every form a request carries them.
func TestSecrets_notInTraceLog(t *testing.T) {
	requireAcceptance(t)
	provider := tfrun.BuildProvider(t)
	for _, form := range credentialForms(t) {
		t.Run(form.name, func(t *testing.T) {
			logText := runLoggedLifecycle(t, provider, form)
			basic := base64.StdEncoding.EncodeToString([]byte(form.user + ":" + form.secret))
			for what, secret := range map[string]string{
				"the secret":                form.secret,
				"the base64 of user:secret": basic,
				"the base64 of user:secret (URL)": base64.URLEncoding.EncodeToString(
					[]byte(form.user + ":" + form.secret)),
			} {
				if strings.Contains(logText, secret) {
					t.Errorf("the trace log contains %s: %s", what, excerptAround(logText, secret))
				}
			}
			if m := authorizationWithCredential.FindString(logText); m != "" {
				t.Errorf("the trace log contains an Authorization header with a value: %q", m)
			}
		})
	}
}

// runLoggedLifecycle applies, plans and destroys one plugin version with a trace log and
// returns the log, after checking that it really recorded the provider's API calls.
func runLoggedLifecycle(t *testing.T, provider string, form credentialForm) string {
	t.Helper()
	server := emulator.New(form.options)
	url, _ := serveEmulator(t, server)
	pluginSid := server.AddPlugin("e2e-secrets").Sid
	logPath := filepath.Join(t.TempDir(), "terraform.log")

	ws := tfrun.NewTestWorkspace(t, provider)
	ws.SetEnv("TF_LOG", "TRACE")
	ws.SetEnv("TF_LOG_PATH", logPath)
	ws.WriteConfig(t, providerBlock(url, form.arguments)+versionResources(pluginSid, 1))
	ws.Run(t, "apply", "-auto-approve")
	if r := ws.Run(t, "plan", "-detailed-exitcode"); r.ExitCode != 0 {
		t.Errorf("second plan exited %d, want 0", r.ExitCode)
	}
	ws.Run(t, "destroy", "-auto-approve")

	if v := server.PluginVersions(pluginSid); len(v) != 1 || !v[0].Archived {
		t.Fatalf("lifecycle did not create and archive one version: %+v", v)
	}
	data, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatalf("reading the trace log: %v", err)
	}
	logText := string(data)
	versionsPath := "/v1/PluginService/Plugins/" + pluginSid + "/Versions"
	apiCall := regexp.MustCompile(`\[DEBUG\] provider[^\n]*Flex API response[^\n]*` +
		regexp.QuoteMeta(versionsPath))
	if !apiCall.MatchString(logText) {
		t.Fatalf("the trace log (%d bytes) has no Debug line for an API call to %s, so it "+
			"cannot show that secrets stay out of it", len(data), versionsPath)
	}
	return logText
}

// excerptAround shows a little of the log around a leaked secret, with the secret masked.
func excerptAround(logText, secret string) string {
	i := strings.Index(logText, secret)
	lo, hi := max(0, i-80), min(len(logText), i+len(secret)+80)
	return strings.ReplaceAll(logText[lo:hi], secret, "<SECRET>")
}
