using System.CommandLine;
using System.Globalization;
using Ibis.Cli.Output;
using Ibis.Cli.Remote;
using Ibis.Domain;

namespace Ibis.Cli.Daily;

/// <summary>What the daily commands assume when the user does not say: today's date, the profile's or the only device, the only account.</summary>
internal static class Defaults
{
    /// <summary>Today on this machine's calendar: the mailer's date of mailing (P050 4.7) is the local day of deposit.</summary>
    public static string Today(CliContext context) =>
        DateOnly.FromDateTime(context.Clock.GetLocalNow().DateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static Option<string?> DeviceOption() => new("--device") { Description = "The device (psd_…); default: the profile's device, or your only device." };

    /// <summary>The device named, else the profile's, else the caller's only device in service.</summary>
    public static async Task<string> Device(ApiSession api, string? named, CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(named)) return named.Trim();
        if (api.Target.Profile?.Device is { Length: > 0 } device) return device;
        var inService = Ibis.Domain.Psd.DeviceStatus.InService.ToText();
        var devices = Render.Items((await api.Get("/v1/devices", ct)).Json())
            .Where(d => Render.Text(Render.At(d, "status")) == inService).ToList();
        return devices.Count switch
        {
            1 => Render.Text(Render.At(devices[0], "id")),
            0 => throw new CliException("this key reaches no device in service; name one with --device psd_…", ExitCodes.NotFound),
            _ => throw new CliException($"name the device with --device (or 'ibis login --device'): {string.Join(", ", devices.Select(d => Render.Text(Render.At(d, "id"))))}"),
        };
    }

    public static Option<string?> AccountOption() => new("--account") { Description = "The deposit account (acct_…); default: your only account." };

    /// <summary>The account named, else the caller's only deposit account.</summary>
    public static async Task<string> Account(ApiSession api, string? named, CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(named)) return named.Trim();
        var accounts = Render.Items((await api.Get("/v1/accounts", ct)).Json());
        return accounts.Count switch
        {
            1 => Render.Text(Render.At(accounts[0], "id")),
            0 => throw new CliException("this key reaches no deposit account", ExitCodes.NotFound),
            _ => throw new CliException($"name the account with --account: {string.Join(", ", accounts.Select(a => Render.Text(Render.At(a, "id"))))}"),
        };
    }
}
