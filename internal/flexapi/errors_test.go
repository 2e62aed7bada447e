package flexapi

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestAPIErrorDecoding(t *testing.T) {
	path := versionsPath() + "/" + testVersionSid
	tests := []struct {
		name        string
		status      int
		contentType string
		body        string
		want        Error
		wantText    string // exact Error() when set
	}{
		{
			name: "Twilio JSON error", status: 400, contentType: "application/json",
			body: `{"code": 20001, "message": "Version must be a valid semver",` +
				` "more_info": "https://www.twilio.com/docs/errors/20001", "status": 400}`,
			want: Error{Status: 400, Code: 20001, Message: "Version must be a valid semver",
				MoreInfo: "https://www.twilio.com/docs/errors/20001", Method: "GET", Path: path},
			wantText: "GET " + path + ": HTTP 400, Twilio error 20001: Version must be a " +
				"valid semver (more info: https://www.twilio.com/docs/errors/20001)",
		},
		{
			name: "Twilio JSON error with nulls", status: 401, contentType: "application/json",
			body: `{"code": 20003, "message": "Authenticate", "more_info": null}`,
			want: Error{Status: 401, Code: 20003, Message: "Authenticate", Method: "GET",
				Path: path},
			wantText: "GET " + path + ": HTTP 401, Twilio error 20003: Authenticate",
		},
		{
			name: "HTML from a proxy", status: 502, contentType: "text/html; charset=utf-8",
			body: "<html>\n<head><title>502 Bad Gateway</title></head>\n<body>\n" +
				"<center><h1>502 Bad Gateway</h1></center>\n<hr><center>nginx</center>\n" +
				"</body>\n</html>\n",
			want: Error{Status: 502, Method: "GET", Path: path, Message: "Bad Gateway; the " +
				`response body is not JSON (text/html): "502 Bad Gateway 502 Bad Gateway nginx"`},
		},
		{
			name: "empty body", status: 503,
			want: Error{Status: 503, Method: "GET", Path: path,
				Message: "Service Unavailable; the response body was empty"},
			wantText: "GET " + path + ": HTTP 503: Service Unavailable; the response body was empty",
		},
		{
			name: "JSON that is not a Twilio error", status: 500, contentType: "application/json",
			body: `{"error": "boom"}`,
			want: Error{Status: 500, Method: "GET", Path: path, Message: "Internal Server " +
				`Error; the response body is not a Twilio error: "{\"error\": \"boom\"}"`},
		},
		{
			name: "unknown status and plain text", status: 599, contentType: "text/plain",
			body: "  upstream\n\n  went   away  ",
			want: Error{Status: 599, Method: "GET", Path: path, Message: "HTTP status 599; " +
				`the response body is not JSON (text/plain): "upstream went away"`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newAPIServer(t, func(w http.ResponseWriter, r *http.Request) {
				if tt.contentType != "" {
					w.Header().Set("Content-Type", tt.contentType)
				}
				w.WriteHeader(tt.status)
				_, _ = w.Write([]byte(tt.body))
			})
			c, _ := newTestClient(t, srv.Server, func(cfg *Config) { cfg.MaxRetries = 0 })
			_, err := c.FetchPluginVersion(t.Context(), testPluginSid, testVersionSid)
			var apiErr *Error
			if !errors.As(err, &apiErr) {
				t.Fatalf("err = %v (%T), want *Error", err, err)
			}
			if *apiErr != tt.want {
				t.Errorf("error = %#v\nwant    %#v", *apiErr, tt.want)
			}
			if tt.wantText != "" && err.Error() != tt.wantText {
				t.Errorf("Error() = %q\nwant      %q", err.Error(), tt.wantText)
			}
			if errors.Is(err, ErrNotFound) {
				t.Error("a non-404 error matches ErrNotFound")
			}
		})
	}
}

func TestLongErrorBodyIsShortened(t *testing.T) {
	srv := newAPIServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusBadRequest)
		_, _ = w.Write([]byte("<html><body><p>" + strings.Repeat("blocked ", 2000) +
			"</p></body></html>"))
	})
	c, _ := newTestClient(t, srv.Server)
	_, err := c.FetchPlugin(t.Context(), "my-plugin")
	var apiErr *Error
	if !errors.As(err, &apiErr) {
		t.Fatalf("err = %v, want *Error", err)
	}
	if len(apiErr.Message) > 300 || !strings.HasSuffix(apiErr.Message, `…"`) {
		t.Errorf("message is not a short excerpt (%d bytes): %s", len(apiErr.Message),
			apiErr.Message)
	}
	if strings.Contains(apiErr.Message, "<p>") {
		t.Errorf("message keeps HTML tags: %s", apiErr.Message)
	}
}

func TestNotFound(t *testing.T) {
	tests := []struct {
		name        string
		status      int
		contentType string
		body        string
		wantNF      bool
	}{
		{"Twilio 404", 404, "application/json",
			`{"code": 20404, "message": "The requested resource was not found"}`, true},
		{"HTML 404", 404, "text/html", "<h1>Not Found</h1>", true},
		{"empty 404", 404, "", "", true},
		{"400", 400, "application/json", `{"code": 20001, "message": "bad"}`, false},
		{"410", 410, "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newAPIServer(t, func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", tt.contentType)
				w.WriteHeader(tt.status)
				_, _ = w.Write([]byte(tt.body))
			})
			c, _ := newTestClient(t, srv.Server)
			_, err := c.FetchPluginVersion(t.Context(), testPluginSid, testVersionSid)
			if err == nil {
				t.Fatal("no error")
			}
			if got := errors.Is(err, ErrNotFound); got != tt.wantNF {
				t.Errorf("errors.Is(err, ErrNotFound) = %v, want %v (err %v)", got, tt.wantNF, err)
			}
			_, err = c.ListPluginVersions(t.Context(), testPluginSid)
			if got := errors.Is(err, ErrNotFound); got != tt.wantNF {
				t.Errorf("list: errors.Is(err, ErrNotFound) = %v, want %v", got, tt.wantNF)
			}
		})
	}
}

// echoCredentials answers with a body that repeats everything the request carried.
func echoCredentials(status int, contentType string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		user, pass, _ := r.BasicAuth()
		auth := r.Header.Get("Authorization")
		w.Header().Set("Content-Type", contentType)
		w.WriteHeader(status)
		if strings.HasPrefix(contentType, "application/json") {
			_, _ = w.Write([]byte(`{"code": 20003, "message": "bad ` + user + `:` + pass +
				` ` + auth + `", "more_info": "https://x.test/?t=` + pass + `"}`))
			return
		}
		_, _ = w.Write([]byte("<html><body>Denied " + auth + " " + user + ":" + pass +
			"</body></html>"))
	}
}

func TestNoSecretInErrors(t *testing.T) {
	tests := []struct {
		name    string
		handler http.HandlerFunc
		options []func(*Config)
		call    func(*Client) error
	}{
		{name: "JSON error echoing credentials",
			handler: echoCredentials(401, "application/json")},
		{name: "HTML error echoing credentials", handler: echoCredentials(403, "text/html")},
		{name: "success body echoing credentials", handler: echoCredentials(200, "text/html")},
		{name: "HTML 500 on create echoing credentials",
			handler: echoCredentials(500, "text/html"),
			call: func(c *Client) error {
				_, err := c.CreatePluginVersion(t.Context(), testPluginSid,
					CreatePluginVersionInput{})
				return err
			}},
		{name: "redirect with credentials in the location",
			handler: func(w http.ResponseWriter, r *http.Request) {
				_, pass, _ := r.BasicAuth()
				w.Header().Set("Location", "https://u:"+pass+"@elsewhere.invalid/x?p="+pass)
				w.WriteHeader(http.StatusTemporaryRedirect)
			}},
		{name: "timeout",
			handler: func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() },
			options: []func(*Config){func(c *Config) {
				c.RequestTimeout = 20 * time.Millisecond
				c.MaxRetries = 0
			}}},
	}
	for _, tt := range tests {
		for _, key := range []bool{false, true} {
			t.Run(tt.name, func(t *testing.T) {
				srv := newAPIServer(t, tt.handler)
				options := append([]func(*Config){func(c *Config) {
					if key {
						c.Username, c.Password = testAPIKey, testAPISecret
					}
				}}, tt.options...)
				c, _ := newTestClient(t, srv.Server, options...)
				call := tt.call
				if call == nil {
					call = func(c *Client) error {
						_, err := c.FetchPluginVersion(t.Context(), testPluginSid, testVersionSid)
						return err
					}
				}
				err := call(c)
				if err == nil {
					t.Fatal("no error")
				}
				assertNoSecret(t, "error", err.Error())
			})
		}
	}
}

func TestNoSecretWhenConnectionRefused(t *testing.T) {
	srv := newAPIServer(t, func(w http.ResponseWriter, r *http.Request) {})
	c, guard := newTestClient(t, srv.Server, func(c *Config) { c.MaxRetries = 1 })
	guard.refuse = 100
	_, err := c.CreatePluginVersion(t.Context(), testPluginSid, CreatePluginVersionInput{})
	if err == nil {
		t.Fatal("no error")
	}
	assertNoSecret(t, "error", err.Error())
}
