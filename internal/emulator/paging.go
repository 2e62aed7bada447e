package emulator

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"
)

const (
	defaultPageSize = 50
	maxPageSize     = 1000
	tokenPrefix     = "PT"
	macLen          = 12
)

// listMeta is the meta object of a list answer, in the field order of Twilio's examples.
type listMeta struct {
	Page            int     `json:"page"`
	PageSize        int     `json:"page_size"`
	FirstPageURL    string  `json:"first_page_url"`
	PreviousPageURL *string `json:"previous_page_url"`
	URL             string  `json:"url"`
	NextPageURL     *string `json:"next_page_url"`
	Key             string  `json:"key"`
}

// pageCursor marks where a page starts: after (older than) or before (newer than) the item
// with sequence number seq. A cursor keeps paging exact when items are added meanwhile.
type pageCursor struct {
	before bool
	seq    int64
}

type pageRequest struct {
	size   int
	page   int
	token  string
	cursor *pageCursor // nil: the page is found by offset Page*PageSize
}

// page is the index range [lo, hi) of a list ordered oldest first; it is emitted from
// hi-1 down to lo so that the newest item comes first.
type page struct {
	lo, hi int
	meta   listMeta
}

// paginate reads PageSize, Page and PageToken and picks the page among n items whose
// sequence numbers, read with seqAt, ascend. It does O(log n) work besides building URLs.
func (s *Server) paginate(c call, key, scope string, n int, seqAt func(int) int64) (
	page, *apiError,
) {
	pr, err := s.parsePageRequest(c.r.URL.Query(), scope)
	if err != nil {
		return page{}, err
	}
	lo, hi := pr.window(n, seqAt)
	m := listMeta{
		Page:         pr.page,
		PageSize:     pr.size,
		FirstPageURL: pageURL(c, pr.size, 0, ""),
		URL:          pageURL(c, pr.size, pr.page, pr.token),
		Key:          key,
	}
	if hi < n {
		seq := int64(0)
		if hi > 0 {
			seq = seqAt(hi - 1)
		}
		tok := s.pageToken(scope, pageCursor{before: true, seq: seq})
		u := pageURL(c, pr.size, max(pr.page-1, 0), tok)
		m.PreviousPageURL = &u
	}
	if lo > 0 {
		tok := s.pageToken(scope, pageCursor{seq: seqAt(lo)})
		u := pageURL(c, pr.size, pr.page+1, tok)
		m.NextPageURL = &u
	}
	return page{lo: lo, hi: hi, meta: m}, nil
}

func pageURL(c call, size, pageIndex int, token string) string {
	u := fmt.Sprintf("%s%s?PageSize=%d&Page=%d", c.base, c.escaped, size, pageIndex)
	if token != "" {
		u += "&PageToken=" + url.QueryEscape(token)
	}
	return u
}

func (s *Server) parsePageRequest(q url.Values, scope string) (pageRequest, *apiError) {
	pr := pageRequest{size: defaultPageSize}
	if q.Has("PageSize") {
		n, err := strconv.Atoi(q.Get("PageSize"))
		if err != nil || n < 1 || n > maxPageSize {
			return pr, invalidParameter("PageSize must be an integer from 1 to %d, got %q",
				maxPageSize, q.Get("PageSize"))
		}
		pr.size = n
	}
	if q.Has("Page") {
		n, err := strconv.Atoi(q.Get("Page"))
		if err != nil || n < 0 {
			return pr, invalidParameter("Page must be a non-negative integer, got %q",
				q.Get("Page"))
		}
		pr.page = n
	}
	if q.Has("PageToken") {
		pr.token = q.Get("PageToken")
		c, err := s.parsePageToken(pr.token, scope)
		if err != nil {
			return pr, err
		}
		pr.cursor = &c
	}
	return pr, nil
}

func (pr pageRequest) window(n int, seqAt func(int) int64) (lo, hi int) {
	switch {
	case pr.cursor == nil:
		offset := int64(pr.page) * int64(pr.size)
		hi = int(max(int64(n)-offset, 0))
		return max(hi-pr.size, 0), hi
	case pr.cursor.before:
		lo = sort.Search(n, func(i int) bool { return seqAt(i) > pr.cursor.seq })
		return lo, min(lo+pr.size, n)
	default:
		hi = sort.Search(n, func(i int) bool { return seqAt(i) >= pr.cursor.seq })
		return max(hi-pr.size, 0), hi
	}
}

// pageToken encodes a cursor for one list (scope) and signs it with the server's key.
func (s *Server) pageToken(scope string, c pageCursor) string {
	dir := "after"
	if c.before {
		dir = "before"
	}
	payload := scope + "|" + dir + "|" + strconv.FormatInt(c.seq, 10)
	raw := append([]byte(payload), s.sign(payload)...)
	return tokenPrefix + base64.RawURLEncoding.EncodeToString(raw)
}

func (s *Server) parsePageToken(token, scope string) (pageCursor, *apiError) {
	bad := invalidParameter("PageToken %q is not a page token issued for this list", token)
	raw, err := base64.RawURLEncoding.DecodeString(strings.TrimPrefix(token, tokenPrefix))
	if err != nil || !strings.HasPrefix(token, tokenPrefix) || len(raw) <= macLen {
		return pageCursor{}, bad
	}
	payload := string(raw[:len(raw)-macLen])
	if !hmac.Equal(raw[len(raw)-macLen:], s.sign(payload)) {
		return pageCursor{}, bad
	}
	parts := strings.Split(payload, "|")
	if len(parts) != 3 || parts[0] != scope {
		return pageCursor{}, bad
	}
	seq, err := strconv.ParseInt(parts[2], 10, 64)
	if err != nil || seq < 0 || parts[1] != "after" && parts[1] != "before" {
		return pageCursor{}, bad
	}
	return pageCursor{before: parts[1] == "before", seq: seq}, nil
}

func (s *Server) sign(payload string) []byte {
	m := hmac.New(sha256.New, s.tokenKey)
	m.Write([]byte(payload))
	return m.Sum(nil)[:macLen]
}
