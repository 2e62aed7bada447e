// Command terraform-provider-twilio serves the Twilio Flex plugin version provider to
// Terraform over plugin protocol 6.
package main

import (
	"context"
	"flag"
	"log"
	"os"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/flexplugins/terraform-provider-twilio/internal/provider"
)

// version is stamped at build time with -ldflags "-X main.version=<version>".
var version = "dev"

// sdkLogLevelVariables set the levels of the plugin libraries' loggers and of the
// provider's own.
var sdkLogLevelVariables = []string{
	"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_PROVIDER",
}

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()

	if !debug {
		silenceLogsNobodyReads(os.Environ(), os.Setenv)
	}

	opts := providerserver.ServeOpts{
		Address:         "registry.terraform.io/flexplugins/twilio",
		Debug:           debug,
		ProtocolVersion: 6,
	}

	if err := providerserver.Serve(context.Background(), provider.New(version), opts); err != nil {
		log.Fatal(err)
	}
}

// silenceLogsNobodyReads turns the plugin loggers off when Terraform itself logs
// nothing that would include them. Left alone, they format every request at trace
// level for Terraform to parse and then discard, which costs more CPU than the requests.
// Any TF_LOG variable other than TF_LOG_CORE, or an acceptance test log path, keeps them.
func silenceLogsNobodyReads(environ []string, setenv func(name, value string) error) {
	for _, kv := range environ {
		name, value, _ := strings.Cut(kv, "=")
		if value == "" {
			continue
		}
		if name == "TF_ACC_LOG_PATH" ||
			(strings.HasPrefix(name, "TF_LOG") && name != "TF_LOG_CORE") {
			return
		}
	}
	for _, name := range sdkLogLevelVariables {
		if err := setenv(name, "OFF"); err != nil {
			log.Printf("[WARN] could not set %s: %v", name, err)
		}
	}
}
