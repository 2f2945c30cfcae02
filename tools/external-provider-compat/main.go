// Command terraform-provider-external is a protocol-compatible stand-in for hashicorp/external, used only when
// the real provider cannot be fetched (offline tests and the demo). See README.md.
package main

import (
	"context"
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// version is the hashicorp/external release whose data source protocol this stand-in implements.
var version = "2.4.0"

func main() {
	debug := flag.Bool("debug", false, "start the provider in debug mode (for debuggers such as delve)")
	flag.Parse()

	err := providerserver.Serve(context.Background(), func() provider.Provider { return &externalProvider{} }, providerserver.ServeOpts{
		Address:         "registry.terraform.io/hashicorp/external",
		Debug:           *debug,
		ProtocolVersion: 5,
	})
	if err != nil {
		log.Fatal(err)
	}
}

// externalProvider has no configuration; it only offers the "external" data source.
type externalProvider struct{}

var _ provider.Provider = (*externalProvider)(nil)

func (p *externalProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "external"
	resp.Version = version
}

func (p *externalProvider) Schema(context.Context, provider.SchemaRequest, *provider.SchemaResponse) {
}

func (p *externalProvider) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {
}

func (p *externalProvider) Resources(context.Context) []func() resource.Resource { return nil }

func (p *externalProvider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{newExternalDataSource}
}
