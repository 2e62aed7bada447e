package emulator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path"
	"time"
)

// faultJSON is one entry of a fault script. Delay is a Go duration string such as "1.5s".
type faultJSON struct {
	Method     string   `json:"method"`
	Path       string   `json:"path"`
	Status     int      `json:"status"`
	Code       int      `json:"code"`
	Message    string   `json:"message"`
	RetryAfter string   `json:"retry_after"`
	Delay      string   `json:"delay"`
	Drop       DropMode `json:"drop"`
	Body       BodyMode `json:"body"`
	Times      int      `json:"times"`
}

// LoadFaults reads a fault script file; see ParseFaults for its format.
func LoadFaults(file string) ([]Fault, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("reading fault script: %w", err)
	}
	faults, err := ParseFaults(data)
	if err != nil {
		return nil, fmt.Errorf("fault script %s: %w", file, err)
	}
	return faults, nil
}

// ParseFaults decodes a fault script: a JSON array of objects with the keys method, path,
// status, code, message, retry_after, delay (a Go duration string), drop (none, before_act,
// after_act), body (normal, truncated, html) and times. Unknown keys are errors, so that a
// misspelt key cannot silently turn a fault off.
func ParseFaults(data []byte) ([]Fault, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var entries []faultJSON
	if err := dec.Decode(&entries); err != nil {
		return nil, fmt.Errorf("decoding fault script: %w", err)
	}
	faults := make([]Fault, 0, len(entries))
	for i, e := range entries {
		f, err := e.fault()
		if err != nil {
			return nil, fmt.Errorf("fault %d: %w", i, err)
		}
		faults = append(faults, f)
	}
	return faults, nil
}

func (e faultJSON) fault() (Fault, error) {
	f := Fault{
		Method: e.Method, Path: e.Path, Status: e.Status, Code: e.Code, Message: e.Message,
		RetryAfter: e.RetryAfter, Drop: e.Drop, Body: e.Body, Times: e.Times,
	}
	if e.Delay != "" {
		d, err := time.ParseDuration(e.Delay)
		if err != nil || d < 0 {
			return f, fmt.Errorf("delay %q is not a non-negative Go duration", e.Delay)
		}
		f.Delay = d
	}
	if f.Status != 0 && (f.Status < 100 || f.Status > 599) {
		return f, fmt.Errorf("status %d is not an HTTP status code", f.Status)
	}
	if f.Times < 0 {
		return f, fmt.Errorf("times %d is negative", f.Times)
	}
	if _, err := path.Match(f.Path, ""); err != nil {
		return f, fmt.Errorf("path %q is not a valid pattern: %w", f.Path, err)
	}
	return f, nil
}
