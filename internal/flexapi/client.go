// Package flexapi is a client for the Twilio Flex Plugin Service API: plugins and their
// plugin versions. It speaks HTTP and Twilio; it knows nothing about Terraform.
package flexapi

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/hashicorp/go-retryablehttp"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// DefaultBaseURL is the Flex API endpoint used when Config.BaseURL is empty.
const DefaultBaseURL = "https://flex-api.twilio.com"

const (
	defaultRetryWaitMin = time.Second
	defaultRetryWaitMax = 30 * time.Second
	defaultUserAgent    = "terraform-provider-twilio"
	formContentType     = "application/x-www-form-urlencoded"
)

// Config configures a Client. Only Username and Password are required.
type Config struct {
	// BaseURL is scheme://host[:port] with no path; "" means DefaultBaseURL.
	// Plain http is accepted only for loopback hosts.
	BaseURL string
	// Username is an account SID (AC...) or an API key SID (SK...).
	Username string
	// Password is the auth token for an account SID, or the API secret for an API key.
	Password string
	// FlexMetadata is sent as the Flex-Metadata header when non-empty.
	FlexMetadata string
	// UserAgent is sent as the User-Agent header.
	UserAgent string
	// MaxRetries is the number of retries after the first attempt; 0 disables retries.
	MaxRetries int
	// RequestTimeout limits each attempt, including reading the body; 0 means no limit.
	RequestTimeout time.Duration
	// RetryWaitMin and RetryWaitMax bound the wait between attempts; zero means 1s and 30s.
	// A minimum above the maximum is lowered to the maximum.
	RetryWaitMin, RetryWaitMax time.Duration
	// HTTPClient is an optional base client. Its transport is wrapped and its redirect
	// policy replaced, so that redirects never carry credentials to another host.
	HTTPClient *http.Client
}

// Client calls the Flex Plugin Service API. It is safe for concurrent use.
type Client struct {
	baseURL      string
	username     string
	password     string
	flexMetadata string
	userAgent    string
	maxRetries   int
	waitMin      time.Duration
	waitMax      time.Duration
	http         *http.Client
	redact       redactor
}

// New checks cfg and returns a Client for it.
func New(cfg Config) (*Client, error) {
	base, err := parseBaseURL(cfg.BaseURL)
	if err != nil {
		return nil, err
	}
	if err := checkConfig(cfg); err != nil {
		return nil, err
	}
	c := &Client{
		baseURL:      base.String(),
		username:     cfg.Username,
		password:     cfg.Password,
		flexMetadata: cfg.FlexMetadata,
		userAgent:    cfg.UserAgent,
		maxRetries:   cfg.MaxRetries,
		waitMin:      durationOr(cfg.RetryWaitMin, defaultRetryWaitMin),
		waitMax:      durationOr(cfg.RetryWaitMax, defaultRetryWaitMax),
		redact:       newRedactor(cfg.Username, cfg.Password),
	}
	if c.userAgent == "" {
		c.userAgent = defaultUserAgent
	}
	c.waitMin = min(c.waitMin, c.waitMax)
	c.http = newHTTPClient(cfg, base, c.redact)
	return c, nil
}

// BaseURL returns the scheme://host[:port] that every request is sent to.
func (c *Client) BaseURL() string {
	return c.baseURL
}

func checkConfig(cfg Config) error {
	switch {
	case cfg.Username == "":
		return errors.New("the username (account SID or API key SID) is empty")
	case cfg.Password == "":
		return errors.New("the password (auth token or API secret) is empty")
	case cfg.MaxRetries < 0:
		return fmt.Errorf("max retries must not be negative, got %d", cfg.MaxRetries)
	case cfg.RequestTimeout < 0:
		return fmt.Errorf("request timeout must not be negative, got %s", cfg.RequestTimeout)
	case cfg.RetryWaitMin < 0 || cfg.RetryWaitMax < 0:
		return errors.New("retry wait bounds must not be negative")
	}
	return nil
}

func durationOr(d, fallback time.Duration) time.Duration {
	if d == 0 {
		return fallback
	}
	return d
}

// CheckBaseURL reports whether New would accept raw as Config.BaseURL, so that callers
// can check a setting before they build a client.
func CheckBaseURL(raw string) error {
	_, err := parseBaseURL(raw)
	return err
}

// parseBaseURL accepts only scheme://host[:port] (a lone trailing slash is tolerated), so a
// path, query or credentials in the setting can never leak into or redirect requests.
func parseBaseURL(raw string) (*url.URL, error) {
	if raw == "" {
		raw = DefaultBaseURL
	}
	shown := raw
	if strings.Contains(raw, "@") {
		shown = "(a URL with credentials)"
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("base URL %s is not a valid URL", shown)
	}
	scheme := strings.ToLower(u.Scheme)
	switch {
	case scheme != "https" && scheme != "http":
		return nil, fmt.Errorf("base URL %s must start with https://", shown)
	case u.Opaque != "" || u.Host == "":
		return nil, fmt.Errorf("base URL %s has no host", shown)
	case u.User != nil:
		return nil, errors.New("base URL must not contain credentials")
	case u.Path != "" && u.Path != "/":
		return nil, fmt.Errorf("base URL %s must not have a path", shown)
	case u.RawQuery != "" || u.ForceQuery || u.Fragment != "" || strings.Contains(raw, "#"):
		return nil, fmt.Errorf("base URL %s must not have a query or fragment", shown)
	case scheme == "http" && !isLoopbackHost(u.Hostname()):
		return nil, fmt.Errorf("base URL %s uses plain http, which is allowed only for "+
			"loopback hosts (127.0.0.0/8, ::1, localhost); use https", shown)
	}
	return &url.URL{Scheme: scheme, Host: strings.ToLower(u.Host)}, nil
}

func isLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func newHTTPClient(cfg Config, base *url.URL, r redactor) *http.Client {
	hc := &http.Client{}
	if cfg.HTTPClient != nil {
		copied := *cfg.HTTPClient
		hc = &copied
	}
	next := hc.Transport
	if next == nil {
		next = http.DefaultTransport
		if t, ok := next.(*http.Transport); ok {
			next = t.Clone()
		}
	}
	hc.Transport = &attemptTransport{next: next, timeout: cfg.RequestTimeout, redact: r}
	hc.CheckRedirect = sameOriginRedirects(base)
	return hc
}

// maxRedirectsFollowed bounds same-host redirect chains.
const maxRedirectsFollowed = 5

var (
	errRedirectRefused  = errors.New("refused to follow a redirect to another host")
	errTooManyRedirects = errors.New("stopped after too many redirects")
)

// sameOriginRedirects follows redirects only within the configured scheme and host; Go's
// client keeps the Authorization header on those, and no other host ever sees it.
func sameOriginRedirects(base *url.URL) func(*http.Request, []*http.Request) error {
	return func(req *http.Request, via []*http.Request) error {
		if !strings.EqualFold(req.URL.Scheme, base.Scheme) ||
			!strings.EqualFold(req.URL.Host, base.Host) {
			return fmt.Errorf("%w: %s://%s", errRedirectRefused, req.URL.Scheme, req.URL.Host)
		}
		if len(via) > maxRedirectsFollowed {
			return errTooManyRedirects
		}
		return nil
	}
}

func isRedirectFailure(err error) bool {
	return errors.Is(err, errRedirectRefused) || errors.Is(err, errTooManyRedirects)
}

// call describes one API request.
type call struct {
	method string
	// target is the escaped path, optionally followed by "?" and a raw query.
	target string
	form   url.Values
	// create marks a request that is unsafe to repeat once the server may have acted.
	create bool
}

// do sends one API request with retries and returns the body of a 2xx response.
func (c *Client) do(ctx context.Context, cl call) ([]byte, error) {
	path, _, _ := strings.Cut(cl.target, "?")
	ex := &exchange{method: cl.method, path: path, create: cl.create}
	ctx = context.WithValue(ctx, exchangeKey{}, ex)
	ctx = tflog.MaskLogStrings(ctx, c.redact.secrets...)

	req, err := c.newRequest(ctx, cl)
	if err != nil {
		return nil, c.requestError(ex.method, ex.path, err)
	}
	c.logRequestBody(ctx, ex, cl.form)

	resp, err := c.retryClient(ctx, ex).Do(req)
	return c.finish(ex, resp, err)
}

func (c *Client) newRequest(ctx context.Context, cl call) (*retryablehttp.Request, error) {
	var body any
	if cl.method == http.MethodPost {
		body = []byte(cl.form.Encode())
	}
	req, err := retryablehttp.NewRequestWithContext(ctx, cl.method, c.baseURL+cl.target, body)
	if err != nil {
		return nil, err
	}
	req.SetBasicAuth(c.username, c.password)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.userAgent)
	if cl.method == http.MethodPost {
		req.Header.Set("Content-Type", formContentType)
	}
	if c.flexMetadata != "" {
		req.Header.Set("Flex-Metadata", c.flexMetadata)
	}
	return req, nil
}

// finish turns the outcome of the retry loop into a body or an error.
func (c *Client) finish(ex *exchange, resp *http.Response, err error) ([]byte, error) {
	if err != nil {
		if resp != nil {
			_ = resp.Body.Close()
		}
		return nil, c.failure(ex, err)
	}
	body := responseBytes(resp)
	if resp.StatusCode >= 200 && resp.StatusCode <= 299 {
		return body, nil
	}
	apiErr := c.apiError(ex, resp, body)
	if ex.create && resp.StatusCode >= 500 {
		return nil, &outcomeUnknownError{err: apiErr}
	}
	return nil, apiErr
}

// exchange is the state of one API call across its attempts.
type exchange struct {
	method  string
	path    string // escaped, without the query
	create  bool
	attempt int   // 1-based number of the attempt in flight or last made
	lastErr error // transport error of the last attempt, for retry logs
}

type exchangeKey struct{}

func exchangeFrom(ctx context.Context) *exchange {
	if ex, ok := ctx.Value(exchangeKey{}).(*exchange); ok {
		return ex
	}
	return &exchange{}
}

// failure wraps a transport error. A create whose request may have reached the server
// gets ErrOutcomeUnknown; context errors from the retry wait mean the last attempt was
// one the server did not act on.
func (c *Client) failure(ex *exchange, err error) error {
	wrapped := c.requestError(ex.method, ex.path, err)
	var urlErr *url.Error
	if ex.create && errors.As(err, &urlErr) && !isNotSent(err) && !isRedirectFailure(err) {
		return &outcomeUnknownError{err: wrapped}
	}
	return wrapped
}
