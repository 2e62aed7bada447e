package provider

import (
	"context"
	"fmt"

	dstimeouts "github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// timeoutDescription describes one operation's time limit.
func timeoutDescription(operation string, byDefault string) string {
	return fmt.Sprintf("Time limit for %s, as a duration such as `30s`, `10m` or `1h30m`; "+
		"default `%s`. Retries and their waits count against it.", operation, byDefault)
}

// pluginVersionTimeoutsBlock is the resource's timeouts block, with a description and
// with each limit checked at plan time to be a positive duration.
func pluginVersionTimeoutsBlock(ctx context.Context) schema.Block {
	block, _ := timeouts.Block(ctx, timeouts.Opts{
		Create: true, Read: true, Delete: true,
		CreateDescription: timeoutDescription("creating the version, including the look-up "+
			"that settles a create whose answer was lost", "10m"),
		ReadDescription:   timeoutDescription("reading the version during a refresh", "5m"),
		DeleteDescription: timeoutDescription("archiving the version", "10m"),
	}).(schema.SingleNestedBlock)
	block.MarkdownDescription = "Time limits for the operations on this plugin version."
	for name, a := range block.Attributes {
		if s, ok := a.(schema.StringAttribute); ok {
			s.Validators = []validator.String{durationValidator()}
			block.Attributes[name] = s
		}
	}
	return block
}

// readTimeoutsBlock is a data source's timeouts block, with a description and with the
// read limit checked at plan time to be a positive duration.
func readTimeoutsBlock(ctx context.Context, operation string) dschema.Block {
	block, _ := dstimeouts.BlockWithOpts(ctx, dstimeouts.Opts{
		ReadDescription: timeoutDescription(operation, "5m"),
	}).(dschema.SingleNestedBlock)
	block.MarkdownDescription = "Time limit for reading this data source."
	for name, a := range block.Attributes {
		if s, ok := a.(dschema.StringAttribute); ok {
			s.Validators = []validator.String{durationValidator()}
			block.Attributes[name] = s
		}
	}
	return block
}
