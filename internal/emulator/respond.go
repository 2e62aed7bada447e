package emulator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
)

// Twilio error codes the emulator answers with.
const (
	// CodeInvalidParameter marks a missing, malformed or conflicting request parameter.
	CodeInvalidParameter = 20001
	// CodeAuthenticate marks missing or wrong credentials.
	CodeAuthenticate = 20003
	// CodeMethodNotAllowed marks an HTTP method the resource does not support.
	CodeMethodNotAllowed = 20004
	// CodeNotFound marks an unknown path, SID or unique name.
	CodeNotFound = 20404
	// CodeTooManyRequests marks a request refused by the concurrency limit.
	CodeTooManyRequests = 20429
)

const moreInfoPrefix = "https://www.twilio.com/docs/errors/"

// APIError is the JSON body Twilio sends with every error status.
type APIError struct {
	Code     int    `json:"code"`
	Message  string `json:"message"`
	MoreInfo string `json:"more_info"`
	Status   int    `json:"status"`
}

// response is a fully built answer, kept apart from the ResponseWriter so that faults can
// truncate it, replace it or throw it away after the operation took effect.
type response struct {
	status int
	header http.Header
	body   []byte
}

func jsonResponse(status int, v any) response {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		// Every value passed here is built from plain structs, so this cannot happen.
		panic(fmt.Sprintf("emulator: encoding response: %v", err))
	}
	h := http.Header{}
	h.Set("Content-Type", "application/json")
	return response{status: status, header: h, body: bytes.TrimRight(buf.Bytes(), "\n")}
}

func errorResponse(status, code int, message string) response {
	return jsonResponse(status, APIError{
		Code:     code,
		Message:  message,
		MoreInfo: moreInfoPrefix + strconv.Itoa(code),
		Status:   status,
	})
}

// apiError is an error found while handling a request, turned into a response at the edge.
type apiError struct {
	status  int
	code    int
	message string
}

func (e *apiError) response() response {
	return errorResponse(e.status, e.code, e.message)
}

func invalidParameter(format string, args ...any) *apiError {
	return &apiError{
		status:  http.StatusBadRequest,
		code:    CodeInvalidParameter,
		message: fmt.Sprintf(format, args...),
	}
}

func notFound(escapedPath string) *apiError {
	return &apiError{
		status:  http.StatusNotFound,
		code:    CodeNotFound,
		message: fmt.Sprintf("The requested resource %s was not found", escapedPath),
	}
}

func htmlResponse(status int) response {
	text := fmt.Sprintf("%d %s", status, http.StatusText(status))
	page := "<html>\r\n<head><title>" + text + "</title></head>\r\n<body>\r\n" +
		"<center><h1>" + text + "</h1></center>\r\n</body>\r\n</html>\r\n"
	h := http.Header{}
	h.Set("Content-Type", "text/html")
	return response{status: status, header: h, body: []byte(page)}
}

func (resp response) truncated() response {
	resp.body = resp.body[:len(resp.body)/2]
	return resp
}

func (resp response) write(w http.ResponseWriter) {
	for k, v := range resp.header {
		w.Header()[k] = v
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(resp.body)))
	w.WriteHeader(resp.status)
	_, _ = w.Write(resp.body)
}
