using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ibis.Cli.Output;
using Ibis.Cli.Remote;

namespace Ibis.Cli.Daily;

/// <summary>
/// The licensing steps of a live installation (issue 11) as API clients: Form 3601-A (P050 2.1) is
/// created by the licensee or its provider, transmitted by the provider (§502.20(b)), decided by the
/// licensing official (Form 3601-B or a refusal of P050 2.2); the provider signs the lease naming the
/// resetting account (§502.20(c), P050 2.5i).
/// </summary>
internal static class LicensingCommands
{
    public static IEnumerable<Command> Create(CliContext context)
    {
        yield return Applications(context);
        yield return Licenses(context);
        yield return Leases(context);
    }

    private static readonly Column[] ApplicationColumns =
    [
        Column.Of("Application", "id"), Column.Of("Kind", "kind"), Column.Of("Status", "status"), Column.Of("Licensee", "licensee_id"),
        new Column("Post office", e => $"{Render.Text(Render.At(e, "post_office.city"))} {Render.Text(Render.At(e, "post_office.state"))} {Render.Text(Render.At(e, "post_office.zip"))}".Trim()),
        Column.Of("License", "license_id"), Render.When("Submitted (UTC)", "submitted_at"),
    ];

    private static Command Applications(CliContext context)
    {
        var applications = new Command("applications", "Form 3601-A, applications for a license (P050 2.1).");
        applications.Subcommands.Add(Create3601A(context));

        var id = new Argument<string>("application") { Description = "The application (app_…)." };
        var submit = new Command("submit", "Provider: transmit the 3601-A to the Postal Service, an immutable versioned document (§502.20(b)).") { id };
        applications.Subcommands.Add(Commands.Post(context, submit, (_, parse, _) => Task.FromResult<(string, object, string?)>((
            $"/v1/applications/{ApiSession.Segment(parse.GetValue(id)!)}/transmission", new { }, null)), ApplicationColumns));

        var decided = new Argument<string>("application") { Description = "The application (app_…)." };
        var refuse = Commands.Text("--refuse", "Refuse for a reason of P050 2.2 (e.g. false_information) instead of approving.");
        var detail = Commands.Text("--detail", "Words for the written notice.");
        var decide = new Command("decide", "Licensing official: approve (Form 3601-B) or --refuse REASON; both sides get a written notice.") { decided, refuse, detail };
        applications.Subcommands.Add(Commands.Post(context, decide, (_, parse, _) => Task.FromResult<(string, object, string?)>((
            $"/v1/applications/{ApiSession.Segment(parse.GetValue(decided)!)}/decision",
            new Dictionary<string, object?>
            {
                ["decision"] = parse.GetValue(refuse) is null ? "approve" : "refuse", ["reason"] = parse.GetValue(refuse), ["detail"] = parse.GetValue(detail),
            }, null))));

        applications.Subcommands.Add(Commands.List(context, "list", "The applications you may see, newest first.", "applications", ApplicationColumns,
            (_, _, _) => Task.FromResult("/v1/applications")));
        applications.Subcommands.Add(Commands.Show(context, "show", "One application with its form, transmission and decision.", "application", a => $"/v1/applications/{a}"));
        return applications;
    }

    /// <summary>The form's fields as options, or a JSON file of them (the API's field names) that options override.</summary>
    private static Command Create3601A(CliContext context)
    {
        var file = new Option<FileInfo?>("--file") { Description = "A JSON file of the form's fields as the API names them (POST /v1/applications); options below override it." };
        var fields = new (string Option, string Path, string Description)[]
        {
            ("--licensee", "licensee_id", "Provider applying on a customer's behalf: the licensee (cus_…)."),
            ("--applicant-name", "applicant_name", "The applicant (the business)."),
            ("--contact-name", "contact_name", "The person to contact."),
            ("--contact-title", "contact_title", "Their title."),
            ("--phone", "phone", "Telephone number."),
            ("--email", "email", "E-mail address."),
            ("--fax", "fax", "Fax number."),
            ("--duns", "duns", "D-U-N-S number."),
            ("--mailing-street", "mailing_address.street", "Mailing address: street."),
            ("--mailing-city", "mailing_address.city", "Mailing address: city."),
            ("--mailing-state", "mailing_address.state", "Mailing address: state."),
            ("--mailing-zip", "mailing_address.zip", "Mailing address: ZIP Code."),
            ("--device-street", "device_location.street", "Where the device is used: street (default: the mailing address)."),
            ("--device-city", "device_location.city", "Where the device is used: city."),
            ("--device-state", "device_location.state", "Where the device is used: state."),
            ("--device-zip", "device_location.zip", "Where the device is used: ZIP Code."),
            ("--post-office-city", "post_office.city", "The post office where mail will be deposited (the licensing post office): city."),
            ("--post-office-state", "post_office.state", "Licensing post office: state."),
            ("--post-office-zip", "post_office.zip", "Licensing post office: ZIP Code."),
            ("--signature-name", "signature_name", "The name signing the application."),
        };
        var options = fields.Select(f => (Option: Commands.Text(f.Option, f.Description), f.Path)).ToList();
        var command = new Command("create", "Fill in Form 3601-A: the applicant, its addresses and the licensing post office (P050 2.1).") { file };
        foreach (var (o, _) in options) command.Options.Add(o);
        return Commands.Post(context, command, async (_, parse, ct) =>
        {
            var form = new JsonObject();
            if (parse.GetValue(file) is { } f)
            {
                if (!f.Exists) throw new CliException($"{f.FullName} does not exist");
                try
                {
                    form = JsonNode.Parse(await File.ReadAllTextAsync(f.FullName, ct)) as JsonObject ?? throw new CliException($"{f.FullName} is not a JSON object");
                }
                catch (JsonException e)
                {
                    throw new CliException($"{f.FullName} is not JSON: {e.Message}");
                }
            }
            foreach (var (o, path) in options)
                if (parse.GetValue(o) is { } value) Set(form, path, value);
            // The device is usually used at the mailing address; the form asks for both.
            if (form["device_location"] is null && form["mailing_address"] is JsonObject mailing) form["device_location"] = mailing.DeepClone();
            return ("/v1/applications", JsonDocument.Parse(form.ToJsonString()).RootElement.Clone(), null);
        }, ApplicationColumns);
    }

    private static void Set(JsonObject form, string path, string value)
    {
        var parts = path.Split('.');
        var node = form;
        foreach (var part in parts[..^1])
        {
            if (node[part] is not JsonObject next) node[part] = next = new JsonObject();
            node = next;
        }
        node[parts[^1]] = value;
    }

    private static Command Licenses(CliContext context)
    {
        var licenses = new Command("licenses", "Licenses (Form 3601-B) and their status.");
        licenses.Subcommands.Add(Commands.List(context, "list", "The licenses you may see.", "licenses",
            [Column.Of("License", "id"), Column.Of("Licensee", "licensee_id"), Column.Of("Status", "status"), Column.Of("Revision", "revision", right: true),
             new Column("Post office", e => $"{Render.Text(Render.At(e, "post_office.city"))} {Render.Text(Render.At(e, "post_office.state"))} {Render.Text(Render.At(e, "post_office.zip"))}".Trim()),
             Render.When("Issued (UTC)", "issued_at")],
            (_, _, _) => Task.FromResult("/v1/licenses")));
        licenses.Subcommands.Add(Commands.Show(context, "show", "One license.", "license", l => $"/v1/licenses/{l}"));
        return licenses;
    }

    private static Command Leases(CliContext context)
    {
        var leases = new Command("leases", "Leases of devices to licensees, with the financial agreement for resetting (§502.20(c), P050 2.5i).");
        var licensee = Commands.Text("--licensee", "The licensee (cus_…).", required: true);
        var license = Commands.Text("--license", "Its valid license (lic_…).", required: true);
        var signedBy = Commands.Text("--signed-by", "Who signed the lease for the licensee.", required: true);
        var signedOn = Commands.Text("--signed-on", "When, YYYY-MM-DD (default: today).");
        var account = Commands.Text("--resetting-account", "The deposit account resets draw on (acct_…).", required: true);
        var devices = new Option<string[]>("--device") { Description = "A device the lease names (psd_…); repeat for several (or name it at commissioning)." };
        var create = new Command("create", "Provider: sign a lease with a valid licensee.") { licensee, license, signedBy, signedOn, account, devices };
        leases.Subcommands.Add(Commands.Post(context, create, (_, parse, _) => Task.FromResult<(string, object, string?)>(("/v1/leases",
            new Dictionary<string, object?>
            {
                ["licensee_id"] = parse.GetValue(licensee), ["license_id"] = parse.GetValue(license), ["signed_by"] = parse.GetValue(signedBy),
                ["signed_on"] = parse.GetValue(signedOn) ?? Defaults.Today(context), ["resetting_account_id"] = parse.GetValue(account),
                ["device_ids"] = parse.GetValue(devices) is { Length: > 0 } d ? d : null,
            }, null))));
        leases.Subcommands.Add(Commands.List(context, "list", "The leases you may see.", "leases",
            [Column.Of("Lease", "id"), Column.Of("Licensee", "licensee_id"), Column.Of("License", "license_id"), Column.Of("Status", "status"),
             Column.Of("Resetting account", "resetting_account_id"), Column.Of("Signed on", "signed_on"), Column.Of("Signed by", "signed_by")],
            (_, _, _) => Task.FromResult("/v1/leases")));
        return leases;
    }
}
