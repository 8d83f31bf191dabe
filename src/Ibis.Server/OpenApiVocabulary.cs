using System.Text.Json.Serialization.Metadata;
using Ibis.Domain.Rates;

namespace Ibis.Server;

/// <summary>
/// The closed lists of the rule that request and response fields take their values from, for the
/// OpenAPI document's enums (classes and categories P050 1.4, media 4.0, payment methods 3.5a,
/// revocation and refusal reasons 2.2, 2.3 and §502.28, identity verification 39 CFR 266.6). Part of
/// the composition root: it knows every module's records.
/// </summary>
internal static class OpenApiVocabulary
{
    public static IReadOnlyList<string> MailClasses { get; } = RateCategory.All.Select(c => c.MailClass).Distinct().ToList();

    public static IReadOnlyList<string> RateCategories { get; } = RateCategory.All.Select(c => c.Name).Distinct().ToList();

    public static IReadOnlyList<string> Media { get; } = Rendering.Mailpieces.MediumSpec.Every.Select(m => m.Name).ToList();

    public static IReadOnlyList<string> PaymentMethods { get; } = Domain.Funds.PaymentMethod.InOrderOfPreference.Select(m => m.Code).ToList();

    public static IReadOnlyList<string> Variants { get; } = ["standard", "redate", "postage_correction"];

    public static IReadOnlyList<string>? Of(JsonPropertyInfo p)
    {
        var owner = p.DeclaringType;
        return p.Name switch
        {
            "mail_class" => MailClasses,
            "rate_category" => RateCategories,
            "medium" => Media,
            "method" when owner == typeof(Funds.DepositRequest) => PaymentMethods,
            "method" when owner == typeof(Privacy.VerificationRequest) => Privacy.VerifyRequesterIdentity.VerificationMethods,
            "reason" when owner == typeof(Certificates.RevocationRequest) => Domain.Psd.RevocationReason.All,
            "reason" when owner == typeof(Licensing.RevocationRequest) => Domain.Licensing.RevocationReasons.All.Keys.ToList(),
            "reason" when owner == typeof(Licensing.DecisionRequest) => Domain.Licensing.RefusalReasons.All.Keys.ToList(),
            "received_via" when owner == typeof(Privacy.WrittenInquiryInput) => Privacy.LogWrittenInquiry.ReceivedViaChoices,
            "variant" when owner == typeof(Indicia.PrintIndiciumRequest) => Variants,
            "decision" when owner == typeof(Licensing.DecisionRequest) || owner == typeof(Licensing.AppealDecisionRequest)
                            || owner == typeof(Privacy.AmendmentDecisionRequest) => Api.Decisions.Inputs,
            "decision" => ["approved", "rejected", "pending"],
            _ => null,
        };
    }
}
