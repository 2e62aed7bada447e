package emulator

import "net/http"

// StatusRecorder sits in front of the emulator and remembers the status it answered
// with, for request logs and for tests that count answers. Status stays 0 when the
// emulator dropped the connection instead of answering; Unwrap lets the emulator still
// reach the connection underneath to drop it.
type StatusRecorder struct {
	http.ResponseWriter
	status int
}

// NewStatusRecorder wraps w.
func NewStatusRecorder(w http.ResponseWriter) *StatusRecorder {
	return &StatusRecorder{ResponseWriter: w}
}

// Status is the status sent so far, or 0 when nothing was sent.
func (r *StatusRecorder) Status() int { return r.status }

// WriteHeader records the first status and passes it on.
func (r *StatusRecorder) WriteHeader(status int) {
	if r.status == 0 {
		r.status = status
	}
	r.ResponseWriter.WriteHeader(status)
}

// Write records an implicit 200 when no status was sent before.
func (r *StatusRecorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.ResponseWriter.Write(b)
}

// Unwrap returns the wrapped writer, for http.ResponseController.
func (r *StatusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }
