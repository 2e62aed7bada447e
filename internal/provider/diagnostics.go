package provider

import (
	"errors"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/flexplugins/terraform-provider-twilio/internal/flexapi"
)

// The wording of every diagnostic that reports a failed API call lives here, so that
// all of them read alike: a summary naming the operation, what happened and what to do,
// then the API's own error with its Twilio code and link.

func apiErrorDetail(happened, advice string, err error) string {
	detail := happened
	if advice != "" {
		detail += " " + advice
	}
	return detail + "\n\nAPI error: " + err.Error()
}

func addAPIError(diags *diag.Diagnostics, summary, happened, advice string, err error) {
	diags.AddError(summary, apiErrorDetail(happened, advice, err))
}

func addAttributeAPIError(
	diags *diag.Diagnostics, at path.Path, summary, happened, advice string, err error,
) {
	diags.AddAttributeError(at, summary, apiErrorDetail(happened, advice, err))
}

func addUnconfiguredError(diags *diag.Diagnostics, operation string) {
	diags.AddError("Provider Not Configured",
		"The Twilio provider has no API client yet, so it cannot "+operation+". "+
			"This happens when provider settings depend on values that are not known "+
			"until apply; make them known at plan time.")
}

func isNotFound(err error) bool {
	return errors.Is(err, flexapi.ErrNotFound)
}
