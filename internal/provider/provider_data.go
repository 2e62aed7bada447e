package provider

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/flexplugins/terraform-provider-twilio/internal/flexapi"
)

// providerData is what Configure hands to every resource and data source.
type providerData struct {
	// client is nil while the provider configuration is unknown during a plan.
	client *flexapi.Client
	// versions serves resource reads from shared listings.
	versions *versionListings
}

func newProviderData(s clientSettings, providerVersion, terraformVersion string) (*providerData, error) {
	client, err := newClient(s, providerVersion, terraformVersion)
	if err != nil {
		return nil, err
	}
	return &providerData{client: client, versions: newVersionListings(client)}, nil
}

// configuredData unpacks the value passed to a resource's or data source's Configure.
// It returns nil, without a diagnostic, before the provider itself has been configured.
func configuredData(raw any, kind string, diags *diag.Diagnostics) *providerData {
	if raw == nil {
		return nil
	}
	data, ok := raw.(*providerData)
	if !ok {
		diags.AddError("Unexpected Provider Data",
			fmt.Sprintf("The %s expected *providerData but got %T. This is a bug in the "+
				"provider; please report it.", kind, raw))
		return nil
	}
	return data
}
