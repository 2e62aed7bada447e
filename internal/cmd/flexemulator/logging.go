package main

import (
	"log"
	"net/http"
	"strconv"
	"time"

	"github.com/flexplugins/terraform-provider-twilio/internal/emulator"
)

// logRequests logs method, path, status and duration of each request. It logs neither
// the query nor any header, so credentials never reach the log.
func logRequests(next http.Handler, logger *log.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := emulator.NewStatusRecorder(w)
		defer func() {
			status := "no answer (connection dropped or client gone)"
			if code := rec.Status(); code != 0 {
				status = strconv.Itoa(code) + " " + http.StatusText(code)
			}
			logger.Printf("%s %s %s %s", r.Method, r.URL.EscapedPath(), status,
				time.Since(start).Round(time.Microsecond))
		}()
		next.ServeHTTP(rec, r)
	})
}
