package flexapi

import (
	"context"
	"encoding/base64"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

const (
	maskedSecret = "***"
	// traceBodyBytes bounds a body written to the trace log; list pages can be large.
	traceBodyBytes = 16 << 10
)

// redactor masks the credentials, in every encoding a request carries them, in text that
// goes to logs or errors.
type redactor struct {
	secrets []string
	longest int
}

func newRedactor(username, password string) redactor {
	if password == "" {
		return redactor{}
	}
	basic := base64.StdEncoding.EncodeToString([]byte(username + ":" + password))
	var r redactor
	for _, s := range []string{
		password, url.QueryEscape(password), url.PathEscape(password), basic,
	} {
		if !contains(r.secrets, s) {
			r.secrets = append(r.secrets, s)
			r.longest = max(r.longest, len(s))
		}
	}
	return r
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func (r redactor) string(s string) string {
	for _, secret := range r.secrets {
		if strings.Contains(s, secret) {
			s = strings.ReplaceAll(s, secret, maskedSecret)
		}
	}
	return s
}

// prefix returns about the first n bytes of body with secrets masked. It masks a little
// beyond n first, so that a secret cut in half at the boundary cannot show.
func (r redactor) prefix(body []byte, n int) string {
	if len(body) <= n {
		return r.string(string(body))
	}
	s := r.string(string(body[:min(len(body), n+r.longest)]))
	return s[:min(len(s), n)]
}

// logAttempt writes one Debug entry per attempt, and the response body at Trace.
func (t *attemptTransport) logAttempt(ctx context.Context, req *http.Request, ex *exchange,
	resp *http.Response, err error, elapsed time.Duration,
) {
	fields := map[string]any{
		"method":      req.Method,
		"path":        req.URL.EscapedPath(),
		"attempt":     ex.attempt,
		"duration_ms": elapsed.Milliseconds(),
	}
	if req.Response != nil {
		fields["redirect"] = true
	}
	if err != nil {
		fields["error"] = t.redact.string(err.Error())
		tflog.Debug(ctx, "Flex API request failed", fields)
		return
	}
	fields["status"] = resp.StatusCode
	tflog.Debug(ctx, "Flex API response", fields)
	if body, ok := resp.Body.(*bufferedBody); ok && tflog.IsTrace(ctx) {
		tflog.Trace(ctx, "Flex API response body", map[string]any{
			"method": req.Method,
			"path":   req.URL.EscapedPath(),
			"status": resp.StatusCode,
			"body":   t.redact.prefix(body.data, traceBodyBytes),
		})
	}
}

// logRequestBody writes a form body at Trace; credentials travel only in the
// Authorization header, which is never logged.
func (c *Client) logRequestBody(ctx context.Context, ex *exchange, form url.Values) {
	if len(form) == 0 || !tflog.IsTrace(ctx) {
		return
	}
	tflog.Trace(ctx, "Flex API request body", map[string]any{
		"method": ex.method,
		"path":   ex.path,
		"body":   c.redact.prefix([]byte(form.Encode()), traceBodyBytes),
	})
}
