package flexapi

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptrace"
	"sync/atomic"
	"time"
)

// maxResponseBytes bounds a buffered response body; a full 1000-item list page is well
// under a megabyte.
const maxResponseBytes = 32 << 20

var errBodyTooLarge = errors.New("response body is too large")

// attemptTransport runs one attempt: it applies the per-attempt timeout, notes whether a
// connection was obtained, reads the whole body so that a broken body counts as a failed
// attempt, and logs the attempt.
type attemptTransport struct {
	next    http.RoundTripper
	timeout time.Duration
	redact  redactor
}

// RoundTrip implements http.RoundTripper.
func (t *attemptTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	parent := req.Context()
	ex := exchangeFrom(parent)
	if req.Response == nil {
		ex.attempt++
	}
	ctx, cancel := parent, context.CancelFunc(func() {})
	if t.timeout > 0 {
		ctx, cancel = context.WithTimeout(parent, t.timeout)
	}
	defer cancel()

	var connected atomic.Bool
	ctx = httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
		GotConn: func(httptrace.GotConnInfo) { connected.Store(true) },
	})
	start := time.Now()
	resp, err := t.next.RoundTrip(req.WithContext(ctx))
	if err == nil {
		err = bufferBody(resp)
	}
	t.logAttempt(parent, req, ex, resp, err, time.Since(start))
	if err != nil {
		return nil, t.attemptError(parent, ctx, err, connected.Load())
	}
	return resp, nil
}

// attemptError names a per-attempt timeout or a dropped connection, and marks failures
// that happened before a connection existed: no byte of such a request reached the server.
func (t *attemptTransport) attemptError(parent, attempt context.Context, err error,
	connected bool,
) error {
	switch {
	case parent.Err() == nil && errors.Is(attempt.Err(), context.DeadlineExceeded):
		err = fmt.Errorf("no complete response within the %s request timeout: %w", t.timeout, err)
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		err = fmt.Errorf("the connection closed before a complete response: %w", err)
	}
	if !connected {
		return &notSentError{err: err}
	}
	return err
}

// notSentError marks a failed attempt whose request never left the client.
type notSentError struct{ err error }

func (e *notSentError) Error() string { return e.err.Error() }
func (e *notSentError) Unwrap() error { return e.err }

func isNotSent(err error) bool {
	var ns *notSentError
	return errors.As(err, &ns)
}

// bufferedBody is a fully read response body.
type bufferedBody struct {
	*bytes.Reader
	data []byte
}

func (*bufferedBody) Close() error { return nil }

func bufferBody(resp *http.Response) error {
	defer func() { _ = resp.Body.Close() }()
	var buf bytes.Buffer
	if resp.ContentLength > 0 && resp.ContentLength <= maxResponseBytes {
		buf.Grow(int(resp.ContentLength) + bytes.MinRead)
	}
	if _, err := buf.ReadFrom(io.LimitReader(resp.Body, maxResponseBytes+1)); err != nil {
		return fmt.Errorf("reading the response body: %w", err)
	}
	if buf.Len() > maxResponseBytes {
		return fmt.Errorf("%w (over %d bytes)", errBodyTooLarge, maxResponseBytes)
	}
	data := buf.Bytes()
	resp.Body = &bufferedBody{Reader: bytes.NewReader(data), data: data}
	return nil
}

// responseBytes returns the body buffered by attemptTransport.
func responseBytes(resp *http.Response) []byte {
	defer func() { _ = resp.Body.Close() }()
	if b, ok := resp.Body.(*bufferedBody); ok {
		return b.data
	}
	data, _ := io.ReadAll(io.LimitReader(resp.Body, maxResponseBytes))
	return data
}
