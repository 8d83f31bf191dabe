using Ibis.Domain;
using Ibis.Server.Hosting;

using Ibis.Server.Installation;

namespace Ibis.Server;

/// <summary>
/// <c>admin init --administrator EMAIL [--external-ca]</c>: migrates the configured database and
/// bootstraps a live installation through <see cref="InitializeInstallation"/>, then exits. The
/// administrator's one-time code is shown here once (it opens one account, once, within 72 hours)
/// and is never logged.
/// </summary>
public static class AdminCommand
{
    public const string Usage = "usage: ibis admin init --administrator EMAIL [--external-ca] [--data-dir DIR] [--database postgres://…]";

    /// <summary>For the <c>ibis</c> CLI: the same composition as the server, from the CLI's arguments and environment.</summary>
    public static Task<int> RunStandalone(string[] args, TextWriter output, TextWriter error)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.AddIbis();
        return Run(builder, args, output, error);
    }

    public static Task<int> Run(WebApplicationBuilder builder, string[] args) => Run(builder, args, Console.Out, Console.Error);

    public static async Task<int> Run(WebApplicationBuilder builder, string[] args, TextWriter output, TextWriter error)
    {
        if (args is not ["init", ..])
        {
            error.WriteLine(Usage);
            return 2;
        }
        var email = ValueOf(args, "--administrator");
        if (email is null)
        {
            error.WriteLine("--administrator EMAIL is required: the first Postal Service administrator's e-mail address");
            error.WriteLine(Usage);
            return 2;
        }
        await using var app = builder.Build();
        await DatabaseSetup.MigrateAsync(app.Services, CancellationToken.None);
        await using var scope = app.Services.CreateAsyncScope();
        try
        {
            var result = await scope.ServiceProvider.GetRequiredService<InitializeInstallation>()
                .Handle(new InitializeInstallationCommand(email, args.Any(a => a is "--external-ca" or "--external-ca=true")), CancellationToken.None);
            output.WriteLine("Ibis installation initialized.");
            output.WriteLine(result.CertificateAuthorityId is null
                ? "Certificate authority: external (request device certificates with `ibis certificates request`)."
                : $"Postal Service certificate authority: {result.CertificateAuthorityId} (its key never leaves the key store).");
            output.WriteLine($"Administrator: {result.AdministratorInvitation.Email}");
            output.WriteLine("One-time sign-in code (shown once; valid 72 hours; set a password with it at /invitation):");
            output.WriteLine($"  {result.AdministratorInvitation.Code}");
            return 0;
        }
        catch (BusinessRuleViolationException e)
        {
            error.WriteLine($"{e.Code}: {e.Message}");
            return 1;
        }
    }

    private static string? ValueOf(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
