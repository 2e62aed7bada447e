package flexapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"
)

// ErrNotFound matches, through errors.Is, any error for an HTTP 404 response.
var ErrNotFound = errors.New("not found")

// ErrOutcomeUnknown matches, through errors.Is, a create whose result was lost: the server
// may or may not have created the resource (a timeout or reset after sending, or a 5xx).
// Such an error still wraps its cause, including an *Error when there was a response.
var ErrOutcomeUnknown = errors.New("the outcome of the request is unknown")

// Error is an error response from the Flex API. Code, Message and MoreInfo come from
// Twilio's JSON error body; for other bodies Message describes what came back instead.
type Error struct {
	Status   int    // HTTP status code
	Code     int    // Twilio error code, 0 when the body had none
	Message  string // Twilio's message, or a description of a body that was not Twilio's
	MoreInfo string // link to Twilio's page about the error code
	Method   string // HTTP method of the request
	Path     string // escaped request path, without the query
}

// Error reads well as the last sentence of a Terraform diagnostic.
func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s: HTTP %d", e.Method, e.Path, e.Status)
	if e.Code != 0 {
		fmt.Fprintf(&b, ", Twilio error %d", e.Code)
	}
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(e.Message)
	}
	if e.MoreInfo != "" {
		fmt.Fprintf(&b, " (more info: %s)", e.MoreInfo)
	}
	return b.String()
}

// Is makes errors.Is(err, ErrNotFound) true for a 404.
func (e *Error) Is(target error) bool {
	return target == ErrNotFound && e.Status == http.StatusNotFound
}

// requestError names the request that failed without a usable response. Its text is
// masked because transport errors can quote server-sent URLs that hold credentials.
type requestError struct {
	method, path string
	err          error
	redact       redactor
}

func (c *Client) requestError(method, path string, err error) *requestError {
	return &requestError{method: method, path: path, err: err, redact: c.redact}
}

func (e *requestError) Error() string {
	msg := e.err.Error()
	var urlErr *url.Error
	if errors.As(e.err, &urlErr) {
		msg = urlErr.Err.Error()
	}
	return e.method + " " + e.path + ": " + e.redact.string(msg)
}

func (e *requestError) Unwrap() error { return e.err }

// outcomeUnknownError is a create that may or may not have taken effect.
type outcomeUnknownError struct{ err error }

func (e *outcomeUnknownError) Error() string {
	return "the outcome of the request is unknown, the server may have carried it out: " +
		e.err.Error()
}

func (e *outcomeUnknownError) Unwrap() []error { return []error{ErrOutcomeUnknown, e.err} }

// twilioErrorBody is Twilio's JSON error body.
type twilioErrorBody struct {
	Code     *int    `json:"code"`
	Message  *string `json:"message"`
	MoreInfo *string `json:"more_info"`
}

// apiError decodes a non-2xx response. Bodies that are not Twilio's (an HTML page from a
// proxy, say) are described with a short excerpt so the user sees what answered.
func (c *Client) apiError(ex *exchange, resp *http.Response, body []byte) *Error {
	e := &Error{Status: resp.StatusCode, Method: ex.method, Path: ex.path}
	status := http.StatusText(resp.StatusCode)
	if status == "" {
		status = "HTTP status " + strconv.Itoa(resp.StatusCode)
	}
	trimmed := bytes.TrimSpace(body)
	switch {
	case len(trimmed) == 0:
		e.Message = status + "; the response body was empty"
	case trimmed[0] != '{':
		e.Message = fmt.Sprintf("%s; the response body is not JSON (%s): %q",
			status, contentType(resp), c.excerpt(trimmed))
	default:
		var tb twilioErrorBody
		if json.Unmarshal(trimmed, &tb) != nil || (tb.Code == nil && tb.Message == nil) {
			e.Message = fmt.Sprintf("%s; the response body is not a Twilio error: %q",
				status, c.excerpt(trimmed))
			return e
		}
		e.Code = deref(tb.Code)
		e.Message = c.redact.string(deref(tb.Message))
		e.MoreInfo = c.redact.string(deref(tb.MoreInfo))
	}
	return e
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

func contentType(resp *http.Response) string {
	mediaType, _, err := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	if err != nil || mediaType == "" {
		return "no content type"
	}
	return mediaType
}

const (
	excerptScanBytes = 8 << 10
	excerptRunes     = 160
)

// excerpt renders the start of a body as one short line of text: markup removed,
// whitespace collapsed, secrets masked.
func (c *Client) excerpt(body []byte) string {
	s := c.redact.prefix(body, excerptScanBytes)
	s = strings.ToValidUTF8(s, "")
	if strings.HasPrefix(s, "<") {
		s = html.UnescapeString(stripTags(s))
	}
	s = c.redact.string(strings.Join(strings.Fields(s), " "))
	if utf8.RuneCountInString(s) <= excerptRunes {
		return s
	}
	runes := []rune(s)
	return string(runes[:excerptRunes]) + "…"
}

// stripTags drops everything between '<' and '>', keeping the text of an HTML page.
func stripTags(s string) string {
	var b strings.Builder
	inTag := false
	for _, r := range s {
		switch {
		case r == '<':
			inTag = true
		case r == '>' && inTag:
			inTag = false
			b.WriteByte(' ')
		case !inTag:
			b.WriteRune(r)
		}
	}
	return b.String()
}
