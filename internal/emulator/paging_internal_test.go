package emulator

import (
	"encoding/base64"
	"strings"
	"testing"
)

func TestPageTokenRoundTripAndTampering(t *testing.T) {
	s := New(Options{})
	const scope = "versions/FP00000000000000000000000000000001"
	want := pageCursor{before: true, seq: 42}
	token := s.pageToken(scope, want)
	if got, err := s.parsePageToken(token, scope); err != nil || got != want {
		t.Fatalf("parsePageToken(pageToken(%+v)) = %+v, %v", want, got, err)
	}

	raw, err := base64.RawURLEncoding.DecodeString(strings.TrimPrefix(token, tokenPrefix))
	if err != nil {
		t.Fatal(err)
	}
	forged := strings.Replace(string(raw), "|42", "|41", 1)
	if forged == string(raw) {
		t.Fatal("the test could not find the sequence number to forge")
	}
	rejected := map[string]string{
		"forged cursor":  tokenPrefix + base64.RawURLEncoding.EncodeToString([]byte(forged)),
		"other server":   New(Options{}).pageToken(scope, want),
		"no prefix":      strings.TrimPrefix(token, tokenPrefix),
		"cut short":      token[:len(token)-4],
		"not base64":     tokenPrefix + "!!!",
		"empty":          "",
		"only signature": tokenPrefix + base64.RawURLEncoding.EncodeToString(raw[len(raw)-macLen:]),
	}
	for name, tok := range rejected {
		if _, err := s.parsePageToken(tok, scope); err == nil {
			t.Errorf("%s: token %q was accepted", name, tok)
		}
	}
	if _, err := s.parsePageToken(token, "plugins"); err == nil {
		t.Error("a token was accepted for a different list")
	}
}
