// Package e2e holds end-to-end tests: they build the provider binary and run the real
// Terraform CLI against the Flex emulator on loopback, as a user's machine would.
package e2e
