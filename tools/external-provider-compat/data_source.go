package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os/exec"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// externalDataSource implements the documented `external` data source protocol: run a program (no shell) with
// the query as one JSON object on stdin and read one JSON object of strings from its stdout.
type externalDataSource struct{}

var (
	_ datasource.DataSource                   = (*externalDataSource)(nil)
	_ datasource.DataSourceWithValidateConfig = (*externalDataSource)(nil)
)

func newExternalDataSource() datasource.DataSource { return &externalDataSource{} }

type externalModel struct {
	Program    []types.String          `tfsdk:"program"`
	WorkingDir types.String            `tfsdk:"working_dir"`
	Query      map[string]types.String `tfsdk:"query"`
	Result     map[string]string       `tfsdk:"result"`
	ID         types.String            `tfsdk:"id"`
}

func (d *externalDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName // "external"
}

func (d *externalDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "Runs an external program that reads a JSON object from stdin and writes a JSON object of strings to stdout " +
			"(protocol-compatible stand-in for hashicorp/external).",
		Attributes: map[string]schema.Attribute{
			"program": schema.ListAttribute{
				Description: "The program to run and its arguments: element 0 is looked up on PATH (or relative to the working directory), the rest are its argv. No shell is involved.",
				ElementType: types.StringType,
				Required:    true,
			},
			"working_dir": schema.StringAttribute{
				Description: "Working directory of the program. Defaults to Terraform's working directory.",
				Optional:    true,
			},
			"query": schema.MapAttribute{
				Description: "Sent to the program on stdin as one JSON object of strings. Null values are dropped.",
				ElementType: types.StringType,
				Optional:    true,
			},
			"result": schema.MapAttribute{
				Description: "The JSON object of strings the program printed on stdout.",
				ElementType: types.StringType,
				Computed:    true,
			},
			"id": schema.StringAttribute{
				Description: "Always \"-\".",
				Computed:    true,
			},
		},
	}
}

func (d *externalDataSource) ValidateConfig(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	var program types.List
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("program"), &program)...)
	if resp.Diagnostics.HasError() || program.IsNull() || program.IsUnknown() {
		return
	}
	if len(program.Elements()) == 0 {
		resp.Diagnostics.AddAttributeError(path.Root("program"), "Invalid Attribute Value",
			"program must list at least one element: the program to run.")
	}
}

func (d *externalDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m externalModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}

	program := make([]string, 0, len(m.Program))
	for i, element := range m.Program {
		if element.IsNull() || element.IsUnknown() {
			resp.Diagnostics.AddAttributeError(path.Root("program").AtListIndex(i), "Invalid Attribute Value",
				fmt.Sprintf("program[%d] must be a known string, not null.", i))
			return
		}
		program = append(program, element.ValueString())
	}
	if len(program) == 0 || program[0] == "" {
		resp.Diagnostics.AddAttributeError(path.Root("program"), "Invalid Attribute Value",
			"program must list at least one element, and its first element (the program to run) must not be empty.")
		return
	}

	query := make(map[string]string, len(m.Query))
	for key, value := range m.Query {
		if !value.IsNull() && !value.IsUnknown() {
			query[key] = value.ValueString()
		}
	}
	stdin, err := json.Marshal(query)
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("query"), "Query Encoding Failed", err.Error())
		return
	}

	// exec.Command looks a bare name up on PATH; a relative path is resolved against cmd.Dir.
	cmd := exec.CommandContext(ctx, program[0], program[1:]...)
	cmd.Dir = m.WorkingDir.ValueString() // "" = Terraform's working directory; the environment is inherited
	cmd.Stdin = bytes.NewReader(stdin)
	var stdout, stderr bytes.Buffer
	cmd.Stdout = &stdout
	cmd.Stderr = &stderr

	commandLine := strings.Join(program, " ")
	tflog.Trace(ctx, "Executing external program", map[string]any{"program": commandLine})
	err = cmd.Run()
	tflog.Trace(ctx, "Executed external program", map[string]any{
		"program": commandLine,
		"output":  stdout.String(),
		"stderr":  stderr.String(),
	})

	if err != nil {
		var exitErr *exec.ExitError
		switch {
		case errors.As(err, &exitErr):
			resp.Diagnostics.AddAttributeError(path.Root("program"), "External Program Execution Failed",
				fmt.Sprintf("The program %q exited with %s.\n\nProgram: %s\nError message (stderr):\n%s",
					program[0], exitErr.ProcessState, commandLine, stderr.String()))
		case errors.Is(err, exec.ErrNotFound), errors.Is(err, fs.ErrNotExist):
			resp.Diagnostics.AddAttributeError(path.Root("program"), "External Program Lookup Failed",
				fmt.Sprintf("The program %q was not found (%v). Put it on the PATH Terraform runs with, or give a path "+
					"(relative paths are resolved against working_dir, or Terraform's working directory when that is unset).",
					program[0], err))
		default:
			resp.Diagnostics.AddAttributeError(path.Root("program"), "External Program Execution Failed",
				fmt.Sprintf("The program %q could not be run: %v\n\nProgram: %s", program[0], err, commandLine))
		}
		return
	}

	result, err := parseResult(stdout.Bytes())
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("program"), "Unexpected External Program Results",
			// stdout itself is not repeated here (it may hold secrets); TF_LOG=trace shows it.
			fmt.Sprintf("The program %q must print exactly one JSON object whose values are all strings on stdout, and nothing else: %v\n\nProgram: %s",
				program[0], err, commandLine))
		return
	}

	m.Result = result
	m.ID = types.StringValue("-")
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// parseResult accepts exactly one JSON object whose values are all strings (surrounding whitespace allowed).
func parseResult(stdout []byte) (map[string]string, error) {
	var raw map[string]*string // *string tells a JSON null apart from ""
	if err := json.Unmarshal(stdout, &raw); err != nil {
		return nil, err
	}
	if raw == nil {
		return nil, errors.New("the output is not a JSON object")
	}
	result := make(map[string]string, len(raw))
	for key, value := range raw {
		if value == nil {
			return nil, fmt.Errorf("the value of %q is null, not a string", key)
		}
		result[key] = *value
	}
	return result, nil
}
