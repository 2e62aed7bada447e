package flexapi

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"math"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/go-retryablehttp"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// retryClient builds the retry loop for one call. It is built per call so that the retry
// policy knows whether the call is a create and can log with the call's context.
func (c *Client) retryClient(ctx context.Context, ex *exchange) *retryablehttp.Client {
	return &retryablehttp.Client{
		HTTPClient:   c.http,
		RetryWaitMin: c.waitMin,
		RetryWaitMax: c.waitMax,
		RetryMax:     c.maxRetries,
		CheckRetry: func(ctx context.Context, resp *http.Response, err error) (bool, error) {
			ex.lastErr = err
			return checkRetry(ctx, ex.create, resp, err)
		},
		Backoff: func(lo, hi time.Duration, n int, resp *http.Response) time.Duration {
			wait := backoff(lo, hi, n, resp, time.Now())
			c.logRetry(ctx, ex, resp, wait)
			return wait
		},
		ErrorHandler: retryablehttp.PassthroughErrorHandler,
	}
}

// checkRetry decides whether to make another attempt. A cancelled context ends the loop
// only when another attempt would follow, so that a response already in hand is used.
func checkRetry(ctx context.Context, create bool, resp *http.Response, err error) (bool, error) {
	if !shouldRetry(create, resp, err) {
		return false, nil
	}
	if ctxErr := ctx.Err(); ctxErr != nil {
		return false, ctxErr
	}
	return true, nil
}

// shouldRetry retries 429, 5xx gateway-type statuses and connection failures. A create is
// repeated only when the server surely did not act: on 429, or when the request was never
// sent.
func shouldRetry(create bool, resp *http.Response, err error) bool {
	if err != nil {
		if isPermanent(err) {
			return false
		}
		return !create || isNotSent(err)
	}
	switch resp.StatusCode {
	case http.StatusTooManyRequests:
		return true
	case http.StatusInternalServerError, http.StatusBadGateway,
		http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return !create
	}
	return false
}

// isPermanent reports transport failures that another attempt would only repeat.
func isPermanent(err error) bool {
	if isRedirectFailure(err) || errors.Is(err, errBodyTooLarge) {
		return true
	}
	var (
		verifyErr    *tls.CertificateVerificationError
		recordErr    tls.RecordHeaderError
		authorityErr x509.UnknownAuthorityError
		hostnameErr  x509.HostnameError
		invalidErr   x509.CertificateInvalidError
	)
	return errors.As(err, &verifyErr) || errors.As(err, &recordErr) ||
		errors.As(err, &authorityErr) || errors.As(err, &hostnameErr) ||
		errors.As(err, &invalidErr)
}

// backoff returns the wait before retry number n+1: a jittered exponential wait that grows
// from lo, and never shorter than a Retry-After header asks, all capped at hi. Jitter
// applies even with Retry-After, so that requests refused together do not all come back
// in the same instant and get refused together again.
func backoff(lo, hi time.Duration, n int, resp *http.Response, now time.Time) time.Duration {
	wait := jitteredBackoff(lo, hi, n)
	if resp != nil {
		if after, ok := parseRetryAfter(resp.Header.Get("Retry-After"), now); ok {
			wait = max(wait, after)
		}
	}
	return min(wait, hi)
}

// jitteredBackoff picks a wait at random in [ceiling/2, ceiling], where the ceiling doubles
// with each retry and is capped at hi, so that clients retrying together spread out.
func jitteredBackoff(lo, hi time.Duration, n int) time.Duration {
	ceiling := lo
	for i := 0; i <= n && ceiling > 0 && ceiling < hi; i++ {
		ceiling *= 2
	}
	ceiling = min(ceiling, hi)
	floor := max(lo, ceiling/2)
	if ceiling <= floor {
		return ceiling
	}
	return floor + rand.N(ceiling-floor+1)
}

// parseRetryAfter reads a Retry-After value in seconds or as an HTTP date.
func parseRetryAfter(value string, now time.Time) (time.Duration, bool) {
	value = strings.TrimSpace(value)
	if value == "" {
		return 0, false
	}
	if secs, err := strconv.ParseInt(value, 10, 64); err == nil {
		if secs < 0 {
			return 0, false
		}
		if secs > int64(math.MaxInt64/time.Second) {
			return time.Duration(math.MaxInt64), true
		}
		return time.Duration(secs) * time.Second, true
	}
	at, err := http.ParseTime(value)
	if err != nil {
		return 0, false
	}
	return max(at.Sub(now), 0), true
}

func (c *Client) logRetry(ctx context.Context, ex *exchange, resp *http.Response,
	wait time.Duration,
) {
	fields := map[string]any{
		"method":  ex.method,
		"path":    ex.path,
		"attempt": ex.attempt,
		"wait_ms": wait.Milliseconds(),
	}
	if resp != nil {
		fields["status"] = resp.StatusCode
	} else if ex.lastErr != nil {
		fields["error"] = c.redact.string(ex.lastErr.Error())
	}
	tflog.Warn(ctx, "Retrying Flex API request", fields)
}
