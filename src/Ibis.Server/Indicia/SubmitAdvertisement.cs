using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Indicia;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Indicia;

public sealed record AdvertisementInput(string? Name, string? Kind, string? Text, string? LicenseeId);

/// <summary>
/// P050 4.10, §502.20(d): the provider supplies advertising art or a slogan ("a licensee must obtain the content … from
/// the authorized Provider") and submits it for the Postal Service's prior approval (<see cref="DecideAdvertisement"/>).
/// Matter for one licensee must identify it as the mailer.
/// </summary>
internal sealed class SubmitAdvertisement(IbisDb db, CommandPipeline pipeline, TimeProvider clock)
{
    public Task<AdvertisementView> Handle(Caller caller, AdvertisementInput input, CancellationToken ct) => pipeline.Run(caller, null, async ct =>
    {
        Rules.Check(new OnlyTheProviderSuppliesAdvertisingRule(caller.Role == Caller.ProviderRole && caller.ProviderId is not null));
        var name = Approvals.Name(input.Name);
        var kind = input.Kind ?? "slogan";
        if (kind is not ("slogan" or "art")) throw ApiException.Invalid("kind_invalid", "kind is slogan or art", "kind");
        var text = (input.Text ?? "").Replace("\r\n", "\n").Trim();
        if (text.Length == 0) throw ApiException.Invalid("text_required", "text is required: the words printed with the indicium", "text");
        Rules.Check(new AdvertisingMustFitItsSpaceRule(text));
        string? mailer = null;
        if (input.LicenseeId is not null)
        {
            var licensee = await db.Licensees.AsNoTracking().FirstOrDefaultAsync(l => l.Id == input.LicenseeId && l.ProviderId == caller.ProviderId, ct)
                           ?? throw ApiException.NotFound("licensee", input.LicenseeId);
            mailer = licensee.Name;
        }
        Rules.Check(new AdMustIdentifyMailerRule(text, mailer));
        var row = new AdvertisementRow
        {
            Id = Ids.New("ad"), ProviderId = caller.ProviderId!, LicenseeId = input.LicenseeId, Name = name, Kind = kind,
            Caption = mailer ?? "MAILER'S MESSAGE", Text = text, Status = ApprovalStatus.Submitted,
            SubmittedBy = caller.UserOrKeyId, SubmittedAt = clock.GetUtcNow(),
        };
        db.Advertisements.Add(row);
        return AdvertisementView.From(row);
    }, ct);
}
