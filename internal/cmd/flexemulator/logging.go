package main

import (
	"log"
	"net/http"
	"strconv"
	"time"
)

// statusRecorder remembers the status a handler sent. Unwrap lets the emulator still
// hijack the connection underneath to drop it.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.ResponseWriter.Write(b)
}

func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// logRequests logs method, path, status and duration of each request. It logs neither
// the query nor any header, so credentials never reach the log.
func logRequests(next http.Handler, logger *log.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w}
		defer func() {
			status := "no answer (connection dropped or client gone)"
			if rec.status != 0 {
				status = strconv.Itoa(rec.status) + " " + http.StatusText(rec.status)
			}
			logger.Printf("%s %s %s %s", r.Method, r.URL.EscapedPath(), status,
				time.Since(start).Round(time.Microsecond))
		}()
		next.ServeHTTP(rec, r)
	})
}
