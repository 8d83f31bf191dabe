using System.CommandLine;
using System.Globalization;
using Ibis.Cli.Output;
using Ibis.Cli.Remote;
using Ibis.Domain.Money;

namespace Ibis.Cli.Daily;

/// <summary>
/// The daily-work commands (issue 19): quote, print, batch print, the indicia printed, devices,
/// deposit accounts, deposits, resets — and the licensing steps of a live installation (issue 11):
/// Form 3601-A applications, licenses, leases. Each is a client of the /v1 API.
/// </summary>
internal static class DailyCommands
{
    public static IEnumerable<Command> Create(CliContext context, RootCommand root)
    {
        yield return QuoteCommand.Create(context);
        yield return PrintCommand.Create(context);
        yield return BatchPrintCommand.Create(context);
        yield return Indicia(context);
        AddDeviceQueries(context, root.Subcommands.Single(c => c.Name == "devices"));
        yield return Accounts(context);
        yield return Deposits(context);
        yield return Resets(context);
        foreach (var command in LicensingCommands.Create(context)) yield return command;
    }

    private static Command Indicia(CliContext context)
    {
        var indicia = new Command("indicia", "The indicia printed: list and filter them, show one, download its image again (a reprint never spends).");
        var device = Commands.Text("--device", "Only this device's pieces (psd_…).");
        var from = Commands.Text("--created-gte", "Printed on or after this time (YYYY-MM-DD or an ISO 8601 time).");
        var until = Commands.Text("--created-lt", "Printed before this time.");
        var cls = Commands.Text("--class", "Only this mail class.");
        var zip = Commands.Text("--zip", "Only pieces to this destination ZIP Code.");
        indicia.Subcommands.Add(Commands.List(context, "list", "The indicia you may see, newest first (GET /v1/indicia).", "indicia",
            [Column.Of("Indicium", "id"), Render.When("Printed (UTC)", "created_at"), Column.Of("Device", "device_id"), Column.Of("Class", "mail_class"), Column.Of("Category", "rate_category"),
             Column.Of("Postage", "postage", right: true), Column.Of("Mailing date", "mailing_date"), Column.Of("To", "destination_zip"), Column.Of("Mode", "mode")],
            (_, _, _) => Task.FromResult("/v1/indicia"),
            [(device, "device"), (from, "created[gte]"), (until, "created[lt]"), (cls, "class"), (zip, "zip")]));
        indicia.Subcommands.Add(Commands.Show(context, "show", "One indicium: registers after it, barcode data, links.", "indicium", id => $"/v1/indicia/{id}"));

        var id = new Argument<string>("indicium") { Description = "The indicium id (ind_…)." };
        var format = new Option<string?>("--format") { Description = "pdf (default), png or svg; default: from --out's extension." };
        format.AcceptOnlyFromAmong("pdf", "png", "svg");
        var output = new Option<FileInfo?>("--out") { Description = "The file to write (default: <indicium id>.<format>)." };
        var download = new Command("download", "Write a printed piece's image again (a reprint: the stored, signed indicium is drawn again; nothing is spent).") { id, format, output };
        var remote = RemoteOptions.AddTo(download);
        download.SetAction(async (parse, ct) =>
        {
            using var api = remote.Open(context, parse);
            var indicium = (await api.Get($"/v1/indicia/{ApiSession.Segment(parse.GetValue(id)!)}", ct)).Json();
            var path = await Images.Save(api, indicium, parse.GetValue(format), parse.GetValue(output), ct);
            await context.Out.WriteLineAsync(path);
            return ExitCodes.Ok;
        });
        indicia.Subcommands.Add(download);
        return indicia;
    }

    private static void AddDeviceQueries(CliContext context, Command devices)
    {
        devices.Subcommands.Add(Commands.List(context, "list", "Your devices and their registers.", "devices",
            [Column.Of("Device", "id"), Column.Of("Number", "device_number"), Column.Of("Status", "status"), Column.Of("Mode", "mode"),
             Column.Of("Postage left (DR)", "descending_register", right: true), Column.Of("Used (AR)", "ascending_register", right: true),
             Column.Of("Pieces", "piece_count", right: true), Render.When("Watchdog due (UTC)", "watchdog_deadline")],
            (_, _, _) => Task.FromResult("/v1/devices")));
        devices.Subcommands.Add(Commands.Show(context, "show", "One device: status, registers, cap, watchdog, certificate.", "device", id => $"/v1/devices/{id}"));
        var within = Commands.Text("--within-days", "Devices due within this many days (default 90).");
        devices.Subcommands.Add(Commands.List(context, "replacements-due", "Provider: devices whose certificate or clock/timer life ends soon, soonest first; replace each with `ibis devices replace` (39 CFR 502.22(a)).", "devices due for replacement",
            [Column.Of("Device", "device_id"), Column.Of("Number", "device_number"), Column.Of("Status", "status"), Render.When("Due (UTC)", "due_at"),
             Column.Of("Why", "due_reason"), Column.Of("Postage held (DR)", "descending_register", right: true)],
            (_, _, _) => Task.FromResult("/v1/device-replacements-due"), filters: [(within, "within_days")], cursorField: "device_id"));
    }

    private static Command Accounts(CliContext context)
    {
        var accounts = new Command("accounts", "Deposit accounts (P050 3.5): balances, advances, monthly statements.");
        accounts.Subcommands.Add(Commands.List(context, "list", "The deposit accounts you may see.", "accounts",
            [Column.Of("Account", "id"), Column.Of("Licensee", "licensee_id"), Column.Of("Status", "status"), Column.Of("Balance", "balance", right: true),
             Column.Of("Available for resets", "available_for_resets", right: true), Column.Of("Advance owed", "advance_outstanding", right: true)],
            (_, _, _) => Task.FromResult("/v1/accounts")));
        accounts.Subcommands.Add(Commands.Show(context, "show", "One deposit account.", "account", id => $"/v1/accounts/{id}"));

        var licensee = Commands.Text("--licensee", "The licensee (cus_…).", required: true);
        var acknowledged = new Option<bool>("--deposit-requirement-acknowledged") { Description = "The licensee signed the Acknowledgement of Deposit Requirement (§502.25(c)(2)); required." };
        var monthly = new Option<bool>("--monthly-statement") { Description = "A monthly statement instead of a receipt after each reset (P050 3.5c)." };
        var open = new Command("open", "Provider: open a licensee's deposit account, with the Acknowledgement of Deposit Requirement signed.") { licensee, acknowledged, monthly };
        accounts.Subcommands.Add(Commands.Post(context, open, (_, parse, _) => Task.FromResult<(string, object, string?)>(("/v1/accounts",
            new Dictionary<string, object?>
            {
                ["licensee_id"] = parse.GetValue(licensee), ["deposit_requirement_acknowledged"] = parse.GetValue(acknowledged), ["monthly_statement"] = parse.GetValue(monthly),
            }, null))));

        var ledgerAccount = Defaults.AccountOption();
        accounts.Subcommands.Add(Commands.List(context, "ledger", "The account's double-entry ledger lines, oldest first.", "ledger lines",
            [Column.Of("Seq", "sequence", right: true), Render.When("At (UTC)", "created_at"), Column.Of("Book", "book"), Column.Of("Amount", "amount", right: true),
             Column.Of("Balance after", "balance_after", right: true), Column.Of("Cause", "cause"), Column.Of("Of", "cause_id"), Column.Of("Memo", "memo")],
            async (api, parse, ct) => $"/v1/accounts/{ApiSession.Segment(await Defaults.Account(api, parse.GetValue(ledgerAccount), ct))}/ledger",
            extra: [ledgerAccount]));

        var account = new Argument<string?>("account") { Description = "The account (acct_…); default: your only account.", Arity = ArgumentArity.ZeroOrOne };
        var month = new Option<string>("--month") { Description = "YYYY-MM (default: last month).", };
        var format = new Option<string>("--format") { Description = "csv (default) or pdf.", DefaultValueFactory = _ => "csv" };
        format.AcceptOnlyFromAmong("csv", "pdf");
        var output = new Option<FileInfo?>("--out") { Description = "The file to write (a CSV statement goes to standard output without it; a PDF needs it or is written as statement-<account>-<month>.pdf)." };
        var statement = new Command("statement", "The monthly statement (P050 3.5c): every transaction and the balance after it.") { account, month, format, output };
        var remote = RemoteOptions.AddTo(statement);
        statement.Validators.Add(r =>
        {
            if (r.GetValue(month) is { } m && !DateOnly.TryParseExact(m + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)) r.AddError($"--month '{m}' is not YYYY-MM");
        });
        statement.SetAction(async (parse, ct) =>
        {
            using var api = remote.Open(context, parse);
            var id = await Defaults.Account(api, parse.GetValue(account), ct);
            var which = parse.GetValue(month) ?? DateOnly.FromDateTime(context.Clock.GetLocalNow().DateTime).AddMonths(-1).ToString("yyyy-MM", CultureInfo.InvariantCulture);
            var ext = parse.GetValue(format)!;
            var bytes = await api.GetBytes($"/v1/accounts/{ApiSession.Segment(id)}/statements/{which}.{ext}", ct);
            var file = parse.GetValue(output) ?? (ext == "pdf" ? new FileInfo($"statement-{id}-{which}.pdf") : null);
            if (file is null)
            {
                await context.Out.WriteAsync(System.Text.Encoding.UTF8.GetString(bytes));
                return ExitCodes.Ok;
            }
            await File.WriteAllBytesAsync(file.FullName, bytes, ct);
            await context.Out.WriteLineAsync(file.FullName);
            return ExitCodes.Ok;
        });
        accounts.Subcommands.Add(statement);
        return accounts;
    }

    private static Command Deposits(CliContext context)
    {
        var deposits = new Command("deposits", "Deposits into a deposit account (P050 3.5a), and their confirmation.");
        var account = Defaults.AccountOption();
        deposits.Subcommands.Add(Commands.List(context, "list", "The deposits of an account, newest first.", "deposits",
            [Column.Of("Deposit", "id"), Render.When("Made (UTC)", "created_at"), Column.Of("Method", "method"), Column.Of("Amount", "amount", right: true),
             Column.Of("Status", "status"), Column.Of("Instrument", "instrument"), Column.Of("Failure", "failure_reason")],
            async (api, parse, ct) => $"/v1/accounts/{ApiSession.Segment(await Defaults.Account(api, parse.GetValue(account), ct))}/deposits", extra: [account]));

        var createAccount = Defaults.AccountOption();
        var amount = Commands.Text("--amount", "Dollars, e.g. 100.000.", required: true);
        var method = Commands.Text("--method", "ach_debit, ach_credit, wire, debit_card, credit_card or check (P050 3.5a order of preference).", required: true);
        var routing = Commands.Text("--routing-number", "ach_debit: the bank's routing number.");
        var number = Commands.Text("--account-number", "ach_debit: the bank account number (stored encrypted, shown masked).");
        var holder = Commands.Text("--account-holder", "ach_debit: company (CCD, default) or individual (PPD).");
        var card = Commands.Text("--card-number", "debit_card, credit_card: the card number.");
        var check = Commands.Text("--check-number", "check: the check number.");
        var key = Commands.IdempotencyKey();
        var create = new Command("create", "Fund a deposit account; it is pending until the payment clears.") { createAccount, amount, method, routing, number, holder, card, check, key };
        create.Validators.Add(r =>
        {
            if (r.GetValue(amount) is { } a && !Mills.ParseDollars(a).Success) r.AddError($"--amount '{a}' is not an amount in dollars like 100.000");
        });
        deposits.Subcommands.Add(Commands.Post(context, create, async (api, parse, ct) => (
            $"/v1/accounts/{ApiSession.Segment(await Defaults.Account(api, parse.GetValue(createAccount), ct))}/deposits",
            new Dictionary<string, object?>
            {
                ["amount"] = parse.GetValue(amount), ["method"] = parse.GetValue(method), ["routing_number"] = parse.GetValue(routing),
                ["account_number"] = parse.GetValue(number), ["account_holder"] = parse.GetValue(holder), ["card_number"] = parse.GetValue(card), ["check_number"] = parse.GetValue(check),
            },
            parse.GetValue(key))));

        var deposit = new Argument<string>("deposit") { Description = "The deposit (dep_…)." };
        var failed = new Option<bool>("--failed") { Description = "The payment failed (default: it cleared)." };
        var reason = Commands.Text("--reason", "Why it failed (with --failed).");
        var confirm = new Command("confirm", "Provider: a pending check, wire, ACH credit or card deposit cleared (or --failed).") { deposit, failed, reason };
        deposits.Subcommands.Add(Commands.Post(context, confirm, (_, parse, _) => Task.FromResult<(string, object, string?)>((
            $"/v1/deposits/{ApiSession.Segment(parse.GetValue(deposit)!)}/confirmation",
            new Dictionary<string, object?> { ["succeeded"] = !parse.GetValue(failed), ["failure_reason"] = parse.GetValue(reason) }, null))));
        return deposits;
    }

    private static Command Resets(CliContext context)
    {
        var resets = new Command("resets", "Resets (postage value downloads, P050 3.5): add postage to a device from its deposit account.");
        var device = Defaults.DeviceOption();
        var amount = Commands.Text("--amount", "Dollars to add, e.g. 50.000.", required: true);
        var key = Commands.IdempotencyKey();
        var create = new Command("create", "Add postage to the device: audit, debit the deposit account, credit the descending register.") { device, amount, key };
        create.Validators.Add(r =>
        {
            if (r.GetValue(amount) is { } a && !Mills.ParseDollars(a).Success) r.AddError($"--amount '{a}' is not an amount in dollars like 50.000");
        });
        resets.Subcommands.Add(Commands.Post(context, create, async (api, parse, ct) => (
            $"/v1/devices/{ApiSession.Segment(await Defaults.Device(api, parse.GetValue(device), ct))}/resets",
            new Dictionary<string, object?> { ["amount"] = parse.GetValue(amount) }, parse.GetValue(key)),
            [Column.Of("reset", "id"), Column.Of("device", "device_id"), Column.Of("amount", "amount"), Column.Of("postage left (DR)", "descending_register"),
             Column.Of("used (AR)", "ascending_register"), Column.Of("account", "account_id"), Column.Of("account balance", "account_balance"), Render.When("at (UTC)", "created_at")]));

        var listDevice = Defaults.DeviceOption();
        resets.Subcommands.Add(Commands.List(context, "list", "A device's resets, with the registers after each.", "resets",
            [Column.Of("Reset", "id"), Render.When("At (UTC)", "created_at"), Column.Of("Amount", "amount", right: true), Column.Of("DR after", "descending_register", right: true),
             Column.Of("AR after", "ascending_register", right: true), Column.Of("Account", "account_id")],
            async (api, parse, ct) => $"/v1/devices/{ApiSession.Segment(await Defaults.Device(api, parse.GetValue(listDevice), ct))}/resets", extra: [listDevice]));
        return resets;
    }
}
