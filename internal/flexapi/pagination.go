package flexapi

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// listPageSize is the largest page the API serves, so a list takes the fewest requests.
const listPageSize = "1000"

// pageMeta is the meta object of a list page.
type pageMeta struct {
	Key         string  `json:"key"`
	NextPageURL *string `json:"next_page_url"`
}

// listPage is one decoded list page.
type listPage[T any] struct {
	items []T
	meta  *pageMeta
}

// listSpec describes one list endpoint.
type listSpec[T any] struct {
	path   string                            // escaped list path
	key    string                            // JSON key of the items, as named in meta.key
	decode func([]byte) (listPage[T], error) // decodes one page body
	sidOf  func(*T) string
}

// listAll walks every page of a list, in API order, starting from an empty non-nil slice.
// Each next_page_url is followed only by its path and raw query against the configured
// base, so a page can never send the request, or the credentials, to another host.
func listAll[T any](ctx context.Context, c *Client, spec listSpec[T]) ([]T, error) {
	all := []T{}
	target := spec.path + "?PageSize=" + listPageSize
	seen := map[string]bool{}
	for target != "" {
		if seen[target] {
			return nil, c.requestError(http.MethodGet, spec.path, fmt.Errorf(
				"the API returned the page URL %q a second time; stopping the list", target))
		}
		seen[target] = true
		page, err := fetchPage(ctx, c, spec, target)
		if err != nil {
			return nil, err
		}
		all = append(all, page.items...)
		target, err = nextPageTarget(page.meta.NextPageURL)
		if err != nil {
			return nil, c.requestError(http.MethodGet, spec.path, err)
		}
	}
	return all, nil
}

// fetchPage requests one page and checks its shape.
func fetchPage[T any](ctx context.Context, c *Client, spec listSpec[T], target string,
) (listPage[T], error) {
	body, err := c.do(ctx, call{method: http.MethodGet, target: target})
	if err != nil {
		return listPage[T]{}, err
	}
	page, err := decodeListPage(c, spec, body)
	if err != nil {
		path, _, _ := strings.Cut(target, "?")
		return listPage[T]{}, c.requestError(http.MethodGet, path, err)
	}
	return page, nil
}

func decodeListPage[T any](c *Client, spec listSpec[T], body []byte) (listPage[T], error) {
	if err := requireJSONObject(c, body); err != nil {
		return listPage[T]{}, err
	}
	page, err := spec.decode(body)
	switch {
	case err != nil:
		return listPage[T]{}, fmt.Errorf("malformed list page: %w", err)
	case page.meta == nil:
		return listPage[T]{}, errors.New("the list page has no meta object")
	case page.meta.Key != "" && page.meta.Key != spec.key:
		return listPage[T]{}, fmt.Errorf("the page lists %q instead of %q",
			page.meta.Key, spec.key)
	}
	for i := range page.items {
		if spec.sidOf(&page.items[i]) == "" {
			return listPage[T]{}, fmt.Errorf("item %d of the list page has no sid", i)
		}
	}
	return page, nil
}

// nextPageTarget keeps the path and the raw query of a next_page_url, the query byte for
// byte, since the page token in it is opaque.
func nextPageTarget(next *string) (string, error) {
	if next == nil || *next == "" {
		return "", nil
	}
	u, err := url.Parse(*next)
	if err != nil {
		return "", fmt.Errorf("the next_page_url %q is not a valid URL", *next)
	}
	path := u.EscapedPath()
	if u.Opaque != "" || !strings.HasPrefix(path, "/") {
		return "", fmt.Errorf("the next_page_url %q has no absolute path", *next)
	}
	if u.RawQuery != "" {
		return path + "?" + u.RawQuery, nil
	}
	return path, nil
}
