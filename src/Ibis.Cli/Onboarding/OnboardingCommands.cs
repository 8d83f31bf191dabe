using System.CommandLine;
using System.Net;
using System.Text.Json;
using Ibis.Cli.Verification;

namespace Ibis.Cli.Onboarding;

/// <summary>
/// The live onboarding steps for scripts, as clients of the API: the Postal Service authorizes a
/// provider (§502.2); a provider onboards a customer and brings a device into service — inventory,
/// inspection (§502.18), commissioning under a lease (P050 3.1). Each prints what the server answered,
/// including a one-time invitation code, which is shown only this once.
/// </summary>
internal static class OnboardingCommands
{
    public static IEnumerable<Command> Create(CliContext context)
    {
        var providers = new Command("providers", "Postal Service: providers of IBI systems.");
        {
            var name = new Option<string>("--name") { Required = true, Description = "the provider's name" };
            var on = new Option<string>("--authorized-on") { Required = true, Description = "date of the written authorization (YYYY-MM-DD)" };
            var admin = new Option<string>("--administrator") { Required = true, Description = "e-mail of the provider's first administrator" };
            var (server, key) = Connection();
            var authorize = new Command("authorize", "Authorize a provider in writing (39 CFR 502.2) and invite its first administrator.") { name, on, admin, server, key };
            authorize.SetAction((parse, ct) => Post(context, parse.GetValue(server)!, parse.GetValue(key), "/v1/providers",
                new { name = parse.GetValue(name), authorized_on = parse.GetValue(on), administrator_email = parse.GetValue(admin) }, ct));
            providers.Subcommands.Add(authorize);
        }
        var customers = new Command("customers", "Provider: customers (licensees).");
        {
            var name = new Option<string>("--name") { Required = true, Description = "the customer's name" };
            var admin = new Option<string>("--administrator") { Required = true, Description = "e-mail of the customer's first administrator" };
            var (server, key) = Connection();
            var onboard = new Command("onboard", "A new customer and an invitation for its first administrator.") { name, admin, server, key };
            onboard.SetAction((parse, ct) => Post(context, parse.GetValue(server)!, parse.GetValue(key), "/v1/licensees",
                new { name = parse.GetValue(name), administrator_email = parse.GetValue(admin) }, ct));
            customers.Subcommands.Add(onboard);
        }
        var devices = new Command("devices", "Devices: inventory, inspection, commissioning, and their life in service (loss, theft, defects, replacement, check-out).");
        {
            var (server, key) = Connection();
            var add = new Command("add", "Add a new device to inventory.") { server, key };
            add.SetAction((parse, ct) => Post(context, parse.GetValue(server)!, parse.GetValue(key), "/v1/devices", new { }, ct));
            devices.Subcommands.Add(add);
        }
        {
            var id = new Argument<string>("device") { Description = "the device id (psd_…)" };
            var failed = new Option<bool>("--failed") { Description = "record a failed inspection (default: passed)" };
            var notes = new Option<string?>("--notes") { Description = "what was inspected" };
            var (server, key) = Connection();
            var inspect = new Command("inspect", "Record the inspection of a new device before distribution (39 CFR 502.18).") { id, failed, notes, server, key };
            inspect.SetAction((parse, ct) => Post(context, parse.GetValue(server)!, parse.GetValue(key), $"/v1/devices/{Uri.EscapeDataString(parse.GetValue(id)!)}/inspection",
                new { passed = !parse.GetValue(failed), notes = parse.GetValue(notes) }, ct));
            devices.Subcommands.Add(inspect);
        }
        {
            var id = new Argument<string>("device") { Description = "the device id (psd_…)" };
            var lease = new Option<string>("--lease") { Required = true, Description = "the lease the device is commissioned under (lse_…)" };
            var (server, key) = Connection();
            var commission = new Command("commission", "Initialize a device for a licensee under a lease (P050 3.1): key, certificate, registers at zero.") { id, lease, server, key };
            commission.SetAction((parse, ct) => Post(context, parse.GetValue(server)!, parse.GetValue(key), $"/v1/devices/{Uri.EscapeDataString(parse.GetValue(id)!)}/commissioning",
                new { lease_id = parse.GetValue(lease) }, ct));
            devices.Subcommands.Add(commission);
        }
        DeviceLifecycleCommands.AddTo(devices, context);
        return [providers, customers, devices];
    }

    internal static (Option<string> Server, Option<string?> Key) Connection() => (
        // No defaults here: ApiCall resolves IBIS_SERVER, IBIS_API_KEY and the profile (Remote/RemoteOptions).
        new Option<string>("--server") { Description = "The Ibis server (default: IBIS_SERVER, the profile's, or http://localhost:5080)." },
        new Option<string?>("--api-key") { Description = "An API key (default: IBIS_API_KEY or the profile's)." });

    /// <summary>Sends the body; prints the answer (a table, or the API's JSON with --output json), or the refusal in one line with its exit code.</summary>
    internal static async Task<int> Post(CliContext context, string? server, string? key, string path, object body, CancellationToken ct)
    {
        var (status, text) = await ApiCall.Send(context, HttpMethod.Post, server, key, path, JsonSerializer.Serialize(body), ct);
        if ((int)status is >= 200 and < 300)
        {
            using var doc = JsonDocument.Parse(text);
            return await Output.Render.Object(context, doc.RootElement);
        }
        throw new Remote.ApiRefusal(status, text);
    }

}
