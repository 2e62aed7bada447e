package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/flexplugins/terraform-provider-twilio/internal/emulator"
)

// liveEmulator is an emulator served over HTTP on 127.0.0.1.
type liveEmulator struct {
	*emulator.Server
	// URL is the base URL the provider's flex_api_url points at.
	URL    string
	http   *http.Server
	served chan error
}

// startEmulator serves a new, empty emulator on a free loopback port.
func startEmulator(ctx context.Context) (*liveEmulator, error) {
	ln, err := (&net.ListenConfig{}).Listen(ctx, "tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("listening on 127.0.0.1 for the emulator: %w", err)
	}
	server := emulator.New(emulator.Options{})
	e := &liveEmulator{
		Server: server,
		URL:    "http://" + ln.Addr().String(),
		http:   &http.Server{Handler: server, ReadHeaderTimeout: 30 * time.Second},
		served: make(chan error, 1),
	}
	go func() { e.served <- e.http.Serve(ln) }()
	return e, nil
}

// Close stops serving and closes every connection.
func (e *liveEmulator) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := e.http.Shutdown(ctx); err != nil {
		if closeErr := e.http.Close(); closeErr != nil {
			return errors.Join(err, closeErr)
		}
	}
	if err := <-e.served; !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serving the emulator: %w", err)
	}
	return nil
}
