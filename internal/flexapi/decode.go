package flexapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// pluginServicePath is the root of every Flex Plugin Service endpoint.
const pluginServicePath = "/v1/PluginService"

// resourcePath joins segments under pluginServicePath, escaping each one so that a SID or
// name cannot change which endpoint is called. Dot segments are escaped too, because
// servers and proxies resolve "." and ".." even when the slash around them is literal.
func resourcePath(segments ...string) string {
	var b strings.Builder
	b.WriteString(pluginServicePath)
	for _, s := range segments {
		b.WriteByte('/')
		switch s {
		case ".":
			b.WriteString("%2E")
		case "..":
			b.WriteString("%2E%2E")
		default:
			b.WriteString(url.PathEscape(s))
		}
	}
	return b.String()
}

// requireSID rejects an empty identifier before it turns into an empty path segment.
func requireSID(name, value string) error {
	if value == "" {
		return fmt.Errorf("the %s is empty", name)
	}
	return nil
}

// requestObject sends cl and decodes the single resource in the response.
func requestObject[T any](ctx context.Context, c *Client, cl call, kind string,
	sidOf func(*T) string,
) (*T, error) {
	body, err := c.do(ctx, cl)
	if err != nil {
		return nil, err
	}
	v, err := decodeObject(c, body, kind, sidOf)
	if err == nil {
		return v, nil
	}
	path, _, _ := strings.Cut(cl.target, "?")
	err = c.requestError(cl.method, path, err)
	if cl.create {
		// The server answered 2xx, so it acted; without a usable body the result is lost.
		return nil, &outcomeUnknownError{err: err}
	}
	return nil, err
}

// decodeObject decodes one JSON object. Unknown fields are ignored and nulls leave zero
// values; a body that is not JSON, has the wrong types or lacks a sid is an error.
func decodeObject[T any](c *Client, body []byte, kind string, sidOf func(*T) string,
) (*T, error) {
	if err := requireJSONObject(c, body); err != nil {
		return nil, err
	}
	v := new(T)
	if err := json.Unmarshal(body, v); err != nil {
		return nil, fmt.Errorf("malformed %s in the response: %w", kind, err)
	}
	if sidOf(v) == "" {
		return nil, fmt.Errorf("the %s in the response has no sid", kind)
	}
	return v, nil
}

func requireJSONObject(c *Client, body []byte) error {
	trimmed := bytes.TrimSpace(body)
	switch {
	case len(trimmed) == 0:
		return errors.New("the response body is empty")
	case trimmed[0] != '{':
		return fmt.Errorf("the response body is not a JSON object: %q", c.excerpt(trimmed))
	}
	return nil
}
