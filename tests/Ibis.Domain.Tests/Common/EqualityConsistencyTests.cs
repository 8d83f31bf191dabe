using System.Reflection;
using Ibis.Domain.Devices;
using Ibis.Domain.Funds;
using Ibis.Domain.Funds.Ach;
using Ibis.Domain.Indicia;
using Ibis.Domain.Licensing;
using Ibis.Domain.Money;
using Ibis.Domain.Psd;
using Ibis.Domain.Rates;
using Xunit;

namespace Ibis.Domain.Tests.Common;

/// <summary>
/// The equality (and ordering) contract, tested once for every equatable type of the domain by
/// reflection, in the manner of NodaTime's ConsistencyTest: Equals(object), IEquatable&lt;T&gt;.Equals,
/// == and != agree; equal values hash alike; CompareTo and the relational operators agree with each
/// other and with equality. A new equatable type without samples here fails
/// <see cref="EveryEquatableDomainType_HasSamples"/>.
/// </summary>
public sealed class EqualityConsistencyTests
{
    private static readonly DateOnly Day = new(2026, 3, 2);
    private static readonly DateTimeOffset Noon = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);
    // Shared: AuditMessage compares its nonce array by reference, like any record with an array.
    private static readonly byte[] Nonce = new byte[AuditMessage.NonceLength];

    private static AuditMessage Audit(long ar) => new(new DeviceNumber(DeviceNumber.IbisVendor, 1, 42), Mills.FromMills(ar),
        Mills.FromMills(100_000 - ar), 1, Mills.FromMills(100_000), 1, Noon, Noon.AddMonths(3), Noon, Nonce);

    private static RegisterState State(long version) => new("psd_x", version, Mills.Zero, Mills.FromMills(100_000), 0,
        Mills.FromMills(100_000), 1, Registers.DefaultCap, Noon.AddMonths(3), Noon);

    private static IndiciumData Indicium(long postage, ushort rate = 0x0101) => new()
    {
        // Unsigned: Signature is a ReadOnlyMemory<byte>, whose equality is by reference, so signed
        // samples built from two arrays with the same bytes would not compare equal.
        CertificateSerial = 7,
        Device = new DeviceNumber(DeviceNumber.IbisVendor, 1, 42),
        AscendingRegister = Mills.FromMills(10_000),
        Postage = Mills.FromMills(postage),
        MailingDate = Day,
        LicensingZip = Zip5.FromNumber(20260),
        DescendingRegister = Mills.FromMills(490_000),
        RateCategory = rate,
        PieceCount = 3,
    };

    /// <summary>
    /// Distinct values per type. Each factory is called twice to get two equal (for reference
    /// types: distinct) instances. For ordered types the values are listed in ascending order.
    /// </summary>
    private static readonly Dictionary<Type, Func<object>[]> Samples = new()
    {
        [typeof(Mills)] =
        [
            () => Mills.FromMills(long.MinValue), () => Mills.FromMills(-1), () => Mills.Zero,
            () => Mills.FromMills(1), () => Mills.FromMills(740), () => Mills.MaxInput, () => Mills.FromMills(long.MaxValue),
        ],
        [typeof(Zip5)] = [() => default(Zip5), () => Zip5.FromNumber(501), () => Zip5.FromNumber(20260), () => Zip5.FromNumber(99_999)],
        [typeof(DeviceNumber)] =
        [
            () => default(DeviceNumber), () => new DeviceNumber(DeviceNumber.IbisVendor, 1, 42),
            () => new DeviceNumber(DeviceNumber.IbisVendor, 1, 43), () => new DeviceNumber(DeviceNumber.IbisVendor, 2, 42),
            () => new DeviceNumber(0x4142, 1, 42),
        ],
        [typeof(Registers)] =
        [
            () => Registers.Empty, () => new Registers(Mills.FromMills(1), Mills.Zero, 0),
            () => new Registers(Mills.Zero, Mills.FromMills(1), 0), () => new Registers(Mills.Zero, Mills.Zero, 1),
        ],
        [typeof(RateCategory)] =
        [
            () => RateCategory.FirstClassLetter, () => RateCategory.FirstClassFlat,
            () => new RateCategory(0x0101, "first_class", "letter", "FCM LETTER", "FIRST-CLASS"),
        ],
        [typeof(WeightStep)] =
        [
            () => new WeightStep(1m, Mills.FromMills(740), null), () => new WeightStep(2m, Mills.FromMills(740), null),
            () => new WeightStep(1m, null, [Mills.FromMills(1), Mills.FromMills(2)]), () => new WeightStep(1m, null, [Mills.FromMills(1), Mills.FromMills(3)]),
        ],
        [typeof(CategoryPrices)] =
        [
            () => new CategoryPrices(RateCategory.FirstClassLetter, [new WeightStep(1m, Mills.FromMills(740), null)]),
            () => new CategoryPrices(RateCategory.FirstClassLetter, [new WeightStep(2m, Mills.FromMills(740), null)]),
            () => new CategoryPrices(RateCategory.FirstClassFlat, [new WeightStep(1m, Mills.FromMills(740), null)]),
        ],
        [typeof(Zip3Range)] = [() => new Zip3Range(200, 212), () => new Zip3Range(200, 200), () => new Zip3Range(5, 999)],
        [typeof(ZoneEntry)] = [() => new ZoneEntry(new Zip3Range(200, 212), 1), () => new ZoneEntry(new Zip3Range(200, 212), 2)],
        [typeof(ZoneChartOrigin)] =
        [
            () => new ZoneChartOrigin(new Zip3Range(200, 212), [new ZoneEntry(new Zip3Range(5, 999), 4)]),
            () => new ZoneChartOrigin(new Zip3Range(200, 212), [new ZoneEntry(new Zip3Range(5, 999), 5)]),
        ],
        [typeof(RateTableParse)] = [() => new RateTableParse(null, "a", "m", "f"), () => new RateTableParse(null, "a", "m", "g")],
        [typeof(ZipNotInZoneChartRule)] = [() => new ZipNotInZoneChartRule(Zip5.FromNumber(21301), "destination_zip"), () => new ZipNotInZoneChartRule(Zip5.FromNumber(21301), "origin_zip")],
        [typeof(CompleteDateRule)] = [() => new CompleteDateRule(RateCategory.FirstClassLetter, true), () => new CompleteDateRule(RateCategory.StandardLetter, true)],
        [typeof(RedateCarriesNoPostageRule)] = [() => new RedateCarriesNoPostageRule(null), () => new RedateCarriesNoPostageRule(Mills.FromMills(1))],
        [typeof(Ibis.Domain.Indicia.ImbDeviceSlotMustBeFreeRule)] =
        [
            () => new Ibis.Domain.Indicia.ImbDeviceSlotMustBeFreeRule("899999", 1000, null),
            () => new Ibis.Domain.Indicia.ImbDeviceSlotMustBeFreeRule("912345678", 10, 3),
        ],
        [typeof(CorrectionNeedsPostageRule)] = [() => new CorrectionNeedsPostageRule(null), () => new CorrectionNeedsPostageRule(Mills.FromMills(1))],
        [typeof(CorrectionMustCoverShortfallRule)] =
        [
            () => new CorrectionMustCoverShortfallRule(Mills.FromMills(1), Mills.FromMills(2), Mills.FromMills(3)),
            () => new CorrectionMustCoverShortfallRule(Mills.FromMills(2), Mills.FromMills(2), Mills.FromMills(3)),
        ],
        [typeof(Ibis.Domain.Licensing.AppealMustBeTimelyRule)] =
        [
            () => new Ibis.Domain.Licensing.AppealMustBeTimelyRule(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero)),
            () => new Ibis.Domain.Licensing.AppealMustBeTimelyRule(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 20, 0, 0, 0, TimeSpan.Zero)),
        ],
        [typeof(Ibis.Domain.Licensing.DeviceMustBeUnderActiveLeaseRule)] = [() => new Ibis.Domain.Licensing.DeviceMustBeUnderActiveLeaseRule("psd_a", null, null), () => new Ibis.Domain.Licensing.DeviceMustBeUnderActiveLeaseRule("psd_a", "lse_a", Ibis.Domain.Licensing.LeaseStatus.Cancelled), () => new Ibis.Domain.Licensing.DeviceMustBeUnderActiveLeaseRule("psd_a", "lse_a", Ibis.Domain.Licensing.LeaseStatus.Active)],
        [typeof(Ibis.Domain.Organisations.ProviderMustBeAuthorizedRule)] = [() => new Ibis.Domain.Organisations.ProviderMustBeAuthorizedRule("prv_a", Ibis.Domain.Organisations.ProviderStatus.Authorized), () => new Ibis.Domain.Organisations.ProviderMustBeAuthorizedRule("prv_a", Ibis.Domain.Organisations.ProviderStatus.Suspended)],
        [typeof(Ibis.Domain.Organisations.ProviderStatusChangeMustBeAllowedRule)] = [() => new Ibis.Domain.Organisations.ProviderStatusChangeMustBeAllowedRule(Ibis.Domain.Organisations.ProviderStatus.Authorized, Ibis.Domain.Organisations.ProviderStatus.Suspended), () => new Ibis.Domain.Organisations.ProviderStatusChangeMustBeAllowedRule(Ibis.Domain.Organisations.ProviderStatus.Revoked, Ibis.Domain.Organisations.ProviderStatus.Authorized)],
        [typeof(Ibis.Domain.Organisations.OwnershipChangeMustNameAcquirerRule)] = [() => new Ibis.Domain.Organisations.OwnershipChangeMustNameAcquirerRule(null), () => new Ibis.Domain.Organisations.OwnershipChangeMustNameAcquirerRule("Beta LLC")],
        [typeof(Ibis.Domain.Organisations.RoleMustBeGrantableRule)] = [() => new Ibis.Domain.Organisations.RoleMustBeGrantableRule(Ibis.Domain.Organisations.OrganisationKind.Provider, "provider"), () => new Ibis.Domain.Organisations.RoleMustBeGrantableRule(Ibis.Domain.Organisations.OrganisationKind.Provider, "postal")],
        [typeof(Ibis.Domain.Organisations.CallerMustBeAdministratorRule)] = [() => new Ibis.Domain.Organisations.CallerMustBeAdministratorRule(true), () => new Ibis.Domain.Organisations.CallerMustBeAdministratorRule(false)],
        [typeof(Ibis.Domain.Organisations.InvitationMustBeOpenRule)] = [() => new Ibis.Domain.Organisations.InvitationMustBeOpenRule(Noon, null, null, Noon.AddHours(-1)), () => new Ibis.Domain.Organisations.InvitationMustBeOpenRule(Noon, Noon, null, Noon.AddHours(-1)), () => new Ibis.Domain.Organisations.InvitationMustBeOpenRule(Noon, null, null, Noon)],
        [typeof(Ibis.Domain.Organisations.PasswordMustBeLongEnoughRule)] = [() => new Ibis.Domain.Organisations.PasswordMustBeLongEnoughRule("short"), () => new Ibis.Domain.Organisations.PasswordMustBeLongEnoughRule("long enough password")],
        [typeof(Ibis.Domain.Organisations.InstallationMustNotBeInitializedRule)] = [() => new Ibis.Domain.Organisations.InstallationMustNotBeInitializedRule(null), () => new Ibis.Domain.Organisations.InstallationMustNotBeInitializedRule(Noon)],
        [typeof(Ibis.Domain.Organisations.ModeMustMatchRule)] = [() => new Ibis.Domain.Organisations.ModeMustMatchRule(true, true, "x"), () => new Ibis.Domain.Organisations.ModeMustMatchRule(true, false, "x")],
        [typeof(Ibis.Domain.Devices.DeviceMustBeInInventoryRule)] = [() => new Ibis.Domain.Devices.DeviceMustBeInInventoryRule("psd_a", DeviceStatus.Inventory), () => new Ibis.Domain.Devices.DeviceMustBeInInventoryRule("psd_a", DeviceStatus.InService)],
        [typeof(Ibis.Domain.Devices.DeviceMustBeInspectedRule)] = [() => new Ibis.Domain.Devices.DeviceMustBeInspectedRule("psd_a", null), () => new Ibis.Domain.Devices.DeviceMustBeInspectedRule("psd_a", Noon)],
        [typeof(Ibis.Domain.Devices.CommissioningRequiresActiveLeaseRule)] = [() => new Ibis.Domain.Devices.CommissioningRequiresActiveLeaseRule("lse_a", Ibis.Domain.Licensing.LeaseStatus.Active, "prv_a", "prv_a"), () => new Ibis.Domain.Devices.CommissioningRequiresActiveLeaseRule("lse_a", Ibis.Domain.Licensing.LeaseStatus.Active, "prv_a", "prv_b"), () => new Ibis.Domain.Devices.CommissioningRequiresActiveLeaseRule("lse_a", Ibis.Domain.Licensing.LeaseStatus.Cancelled, "prv_a", "prv_a")],
        [typeof(Ibis.Domain.Devices.LicenseeDescendingRegisterCapRule)] = [() => new Ibis.Domain.Devices.LicenseeDescendingRegisterCapRule("cus_a", Mills.FromMills(100_000), Mills.FromMills(100_000), Mills.FromMills(300_000), Mills.FromMills(500_000)), () => new Ibis.Domain.Devices.LicenseeDescendingRegisterCapRule("cus_a", Mills.FromMills(100_000), Mills.FromMills(100_000), Mills.FromMills(300_001), Mills.FromMills(500_000))],
        [typeof(Ibis.Domain.Licensing.LeaseMustBeActiveRule)] = [() => new Ibis.Domain.Licensing.LeaseMustBeActiveRule("lic_a", true, true), () => new Ibis.Domain.Licensing.LeaseMustBeActiveRule("lic_a", true, false)],
        [typeof(AdMustIdentifyMailerRule)] = [() => new AdMustIdentifyMailerRule("x", null), () => new AdMustIdentifyMailerRule("x", "ACME")],
        [typeof(AdMustBeApprovedRule)] = [() => new AdMustBeApprovedRule("ad_a", ApprovalStatus.Submitted), () => new AdMustBeApprovedRule("ad_a", ApprovalStatus.Approved)],
        [typeof(DesignMustBeApprovedRule)] = [() => new DesignMustBeApprovedRule("dsg_a", ApprovalStatus.Submitted), () => new DesignMustBeApprovedRule("dsg_a", ApprovalStatus.Approved)],
        [typeof(IndiciumData)] = [() => Indicium(740), () => Indicium(741), () => Indicium(740, 0x0102)],
        [typeof(BrokenRule)] = [() => new BrokenRule("a", "m"), () => new BrokenRule("a", "m", "f"), () => new BrokenRule("b", "m")],
        [typeof(MailingDateRule)] = [() => new MailingDateRule(Day, Day), () => new MailingDateRule(Day, Day.AddDays(-1)), () => new MailingDateRule(Day.AddDays(1), Day), () => new MailingDateRule(Day, Day, Day.AddDays(9))],
        [typeof(PostageMustBePositiveRule)] = [() => new PostageMustBePositiveRule(Mills.Zero), () => new PostageMustBePositiveRule(Mills.FromMills(1))],
        [typeof(DescendingRegisterMustCoverPostageRule)] =
        [
            () => new DescendingRegisterMustCoverPostageRule(Mills.Zero, Mills.FromMills(1)),
            () => new DescendingRegisterMustCoverPostageRule(Mills.FromMills(1), Mills.Zero),
        ],
        [typeof(ResetIncrementMustBePositiveRule)] = [() => new ResetIncrementMustBePositiveRule(Mills.Zero), () => new ResetIncrementMustBePositiveRule(Mills.FromMills(5))],
        [typeof(DescendingRegisterCapRule)] =
        [
            () => new DescendingRegisterCapRule(Mills.Zero, Mills.FromMills(1), Registers.DefaultCap),
            () => new DescendingRegisterCapRule(Mills.Zero, Mills.FromMills(1), Mills.FromMills(1)),
        ],
        [typeof(WeightWithinClassLimitsRule)] = [() => new WeightWithinClassLimitsRule(1m, 3.5m), () => new WeightWithinClassLimitsRule(1.5m, 3.5m)],
        [typeof(AuditMessage)] = [() => Audit(0), () => Audit(740)],
        [typeof(RegisterState)] = [() => State(1), () => State(2)],
        [typeof(DeviceMustBeInServiceRule)] = [() => new DeviceMustBeInServiceRule(DeviceStatus.Locked, "x"), () => new DeviceMustBeInServiceRule(DeviceStatus.Lost, null)],
        [typeof(FundsMustCoverResetRule)] = [() => new FundsMustCoverResetRule(Mills.Zero, Mills.FromMills(1)), () => new FundsMustCoverResetRule(Mills.FromMills(1), Mills.FromMills(1))],
        [typeof(ResetRequiresSuccessfulAuditRule)] = [() => new ResetRequiresSuccessfulAuditRule(true, null), () => new ResetRequiresSuccessfulAuditRule(false, "r")],
        [typeof(LicenseMustBeValidRule)] = [() => new LicenseMustBeValidRule("lic_a", LicenseStatus.Valid), () => new LicenseMustBeValidRule("lic_a", LicenseStatus.Revoked)],
        [typeof(CertificateValidity)] = [() => new CertificateValidity(Noon, Noon.AddYears(3)), () => new CertificateValidity(Noon, Noon.AddYears(2)), () => new CertificateValidity(Noon.AddDays(-1), Noon.AddYears(3))],
        [typeof(RevocationReasonMustBeKnownRule)] = [() => new RevocationReasonMustBeKnownRule("lost"), () => new RevocationReasonMustBeKnownRule(null)],
        [typeof(CertificateMustBeValidRule)] =
        [
            () => new CertificateMustBeValidRule(7, new CertificateValidity(Noon, Noon.AddYears(3)), Noon, Day),
            () => new CertificateMustBeValidRule(7, new CertificateValidity(Noon, Noon.AddYears(3)), Noon, Day.AddDays(1)),
        ],
        [typeof(CertificateMustNotBeRevokedRule)] = [() => new CertificateMustNotBeRevokedRule(7, true, "lost"), () => new CertificateMustNotBeRevokedRule(7, false, null)],
        [typeof(CertificateNotYetRevokedRule)] = [() => new CertificateNotYetRevokedRule(7, true, Noon), () => new CertificateNotYetRevokedRule(7, false, null)],
        [typeof(WatchdogRule)] = [() => new WatchdogRule(Noon, Noon), () => new WatchdogRule(Noon, Noon.AddDays(1))],
        [typeof(ClockMustNotMoveBackwardsRule)] =
        [
            () => new ClockMustNotMoveBackwardsRule(Noon, Noon, TimeSpan.Zero),
            () => new ClockMustNotMoveBackwardsRule(Noon, Noon.AddHours(-1), TimeSpan.FromMinutes(5)),
        ],
        [typeof(AmountMustBePositiveRule)] = [() => new AmountMustBePositiveRule(Mills.Zero, "amount"), () => new AmountMustBePositiveRule(Mills.FromMills(1), "amount")],
        [typeof(AccountMustBeOpenRule)] = [() => new AccountMustBeOpenRule("acct_a", AccountStatus.Open), () => new AccountMustBeOpenRule("acct_a", AccountStatus.Closed)],
        [typeof(AdvanceWithinLimitRule)] = [() => new AdvanceWithinLimitRule(Mills.Zero, Mills.FromMills(1), Mills.Zero), () => new AdvanceWithinLimitRule(Mills.Zero, Mills.FromMills(1), Mills.FromMills(5))],
        [typeof(RepaymentWithinOutstandingRule)] = [() => new RepaymentWithinOutstandingRule(Mills.Zero, Mills.FromMills(1)), () => new RepaymentWithinOutstandingRule(Mills.FromMills(2), Mills.FromMills(1))],
        [typeof(NoPendingDepositsOnClosingRule)] = [() => new NoPendingDepositsOnClosingRule(0), () => new NoPendingDepositsOnClosingRule(2)],
        [typeof(PaymentMethod)] = [() => PaymentMethod.AchDebit, () => PaymentMethod.Check, () => new PaymentMethod("ach_debit", "ACH debit", 2)],
        [typeof(PostageMustCoverAmountDueRule)] =
        [
            () => new PostageMustCoverAmountDueRule(Mills.FromMills(740), Mills.FromMills(740)),
            () => new PostageMustCoverAmountDueRule(Mills.FromMills(740), Mills.FromMills(1_030)),
        ],
        [typeof(Ibis.Domain.Licensing.DeviceMustBeUnderActiveLeaseRule)] =
        [
            () => new Ibis.Domain.Licensing.DeviceMustBeUnderActiveLeaseRule("psd_a", "lse_a", Ibis.Domain.Licensing.LeaseStatus.Active),
            () => new Ibis.Domain.Licensing.DeviceMustBeUnderActiveLeaseRule("psd_a", null, null),
        ],
        [typeof(SampleRateTableRule)] = [() => new SampleRateTableRule("s", true, true), () => new SampleRateTableRule("s", true, false), () => new SampleRateTableRule("s", false, true)],
        [typeof(PaymentGatewaySandboxOnlyRule)] = [() => new PaymentGatewaySandboxOnlyRule("sandbox", true, true), () => new PaymentGatewaySandboxOnlyRule("manual", false, true)],
        [typeof(AchAmountRule)] = [() => new AchAmountRule(Mills.FromMills(10)), () => new AchAmountRule(Mills.FromMills(11))],
        [typeof(AchDebitSettlesByAchRule)] = [() => new AchDebitSettlesByAchRule("dep_a", true), () => new AchDebitSettlesByAchRule("dep_a", false)],
        [typeof(AchOriginator)] =
        [
            () => new AchOriginator("011000015", "FED", " 011000015", "IBIS", "IBIS POSTAGE", "1234567890", "011000015"),
            () => new AchOriginator("011000015", "FED", " 011000015", "IBIS", "IBIS POSTAGE", "1234567891", "011000015"),
        ],
        [typeof(NachaReturn)] = [() => new NachaReturn("R01", "011000010000001", "01100001"), () => new NachaReturn("R02", "011000010000001", "01100001")],
        [typeof(NachaEntry)] =
        [
            () => new NachaEntry(27, "011000015", "123", 100, "DEP_A", "ACME", "011000010000001"),
            () => new NachaEntry(27, "011000015", "123", 101, "DEP_A", "ACME", "011000010000001"),
            () => new NachaEntry(27, "011000015", "123", 100, "DEP_A", "ACME", "011000010000001") { Return = new NachaReturn("R01", "011000010000001", "01100001") },
        ],
        [typeof(NachaEntryAt)] =
        [
            () => new NachaEntryAt(2, new NachaEntry(27, "011000015", "123", 100, "DEP_A", "ACME", "011000010000001")),
            () => new NachaEntryAt(3, new NachaEntry(27, "011000015", "123", 100, "DEP_A", "ACME", "011000010000001")),
        ],
        [typeof(AddressProblem)] = [() => new AddressProblem("to_address_state_invalid", "bad state", "state"), () => new AddressProblem("to_address_zip_invalid", "bad ZIP", "zip5")],
        [typeof(DeliveryAddress)] =
        [
            () => DeliveryAddress.Stored("JANE Q RECIPIENT", "475 L'ENFANT PLZ SW\nRM 4000", "WASHINGTON", "DC", "20260", "4000", "01"),
            () => DeliveryAddress.Stored("JANE Q RECIPIENT", "475 L'ENFANT PLZ SW\nRM 4001", "WASHINGTON", "DC", "20260", "4000", "01"),
            () => DeliveryAddress.Stored("JANE Q RECIPIENT", "475 L'ENFANT PLZ SW", "WASHINGTON", "DC", "20260", null, null),
        ],
        [typeof(ReturnAddress)] =
        [
            () => ReturnAddress.Stored("ACME MAILROOM", "ACME CORP", "1 MAIN ST\nSTE 2", "SPRINGFIELD", "IL", "62701", "1234"),
            () => ReturnAddress.Stored("ACME MAILROOM", "ACME CORP", "1 MAIN ST\nSTE 3", "SPRINGFIELD", "IL", "62701", "1234"),
            () => ReturnAddress.Stored("ACME MAILROOM", null, "1 MAIN ST", "SPRINGFIELD", "IL", "62701", null),
        ],
    };

    private static bool IsSelfEquatable(Type t) =>
        !t.IsGenericTypeDefinition && typeof(IEquatable<>).MakeGenericType(t).IsAssignableFrom(t);

    /// <summary>
    /// Records that hold a list and are never compared by value (nothing in Ibis asks whether two are
    /// equal): their synthesized equality compares the list by reference. Each new entry needs a reason.
    /// </summary>
    private static readonly HashSet<Type> NeverComparedByValue =
    [
        typeof(Ibis.Domain.Psd.DeviceIncident),           // an entity of the PSD aggregate: the incident's id is its identity
        typeof(Ibis.Domain.Refunds.PartFour),              // a computed report of a refund, rendered and stored, not compared
        typeof(Ibis.Domain.Quality.QualityEvaluation),     // a provider's grading of one sample, stored, not compared
        typeof(Ibis.Domain.Compliance.Duty),               // a dated duty keyed by rule, subject and deadline in the database
        typeof(Ibis.Domain.Webhooks.WebhookEventTypesMustBeKnownRule), // a rule checked once on a request's list, never compared
        typeof(Ibis.Domain.Psd.BatchMustFitDescendingRegisterRule), // a rule checked once on a batch's postage list, never compared
        typeof(Ibis.Domain.Organisations.SanctionTransitionMustBeAllowedRule), // a rule checked once on a step's allowed stages, never compared
        typeof(Ibis.Domain.Funds.AccountClosingRequiresSettledRefundsRule), // a rule checked once on a closing's unsettled refunds, never compared
        typeof(Ibis.Domain.Licensing.RelicensingRequiresDevicesCheckedOutRule), // a rule checked once on a relicensing's devices in use, never compared
    ];

    /// <summary>
    /// A record whose equality the compiler synthesized over plain values (strings, numbers, dates,
    /// enums, and domain types that are themselves checked here) needs no samples: the compiler wrote
    /// Equals, ==, != and GetHashCode from one list of fields. Hand-written equality, and synthesized
    /// equality over an array, memory or collection field (compared by reference — the trap this test
    /// exists for, see AuditMessage), still need samples.
    /// </summary>
    private static bool HasSynthesizedValueEquality(Type t)
    {
        var equals = t.GetMethod("Equals", [t]);
        if (equals?.GetCustomAttribute<System.Runtime.CompilerServices.CompilerGeneratedAttribute>() is null) return false;
        return t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic).All(f => IsPlainValue(f.FieldType));
    }

    private static bool IsPlainValue(Type f) =>
        Nullable.GetUnderlyingType(f) is { } inner ? IsPlainValue(inner)
        : f == typeof(string) || f.IsPrimitive || f.IsEnum || f == typeof(decimal) || f == typeof(DateOnly) || f == typeof(TimeOnly)
          || f == typeof(DateTime) || f == typeof(DateTimeOffset) || f == typeof(TimeSpan)
          || (f.Assembly == typeof(Mills).Assembly && IsSelfEquatable(f));

    public static TheoryData<string> TypeNames()
    {
        var data = new TheoryData<string>();
        foreach (var t in Samples.Keys) data.Add(t.FullName!);
        return data;
    }

    [Fact]
    public void EveryEquatableDomainType_HasSamples()
    {
        var missing = typeof(Mills).Assembly.GetExportedTypes()
            .Where(IsSelfEquatable)
            .Where(t => !Samples.ContainsKey(t) && !HasSynthesizedValueEquality(t) && !NeverComparedByValue.Contains(t))
            .Select(t => t.FullName)
            .ToList();
        Assert.True(missing.Count == 0, "add samples to EqualityConsistencyTests.Samples for: " + string.Join(", ", missing));
    }

    [Theory]
    [MemberData(nameof(TypeNames))]
    public void Equality_IsConsistentAcrossEqualsOperatorsAndHashCode(string typeName)
    {
        var (type, factories) = Samples.Single(kv => kv.Key.FullName == typeName);
        Assert.True(IsSelfEquatable(type));
        Assert.True(factories.Length >= 2, "give at least two distinct values");
        var equatableEquals = typeof(IEquatable<>).MakeGenericType(type).GetMethod("Equals")!;
        var opEquality = Operator(type, "op_Equality");
        var opInequality = Operator(type, "op_Inequality");
        Assert.Equal(opEquality is null, opInequality is null);

        for (var i = 0; i < factories.Length; i++)
        {
            var a = factories[i]();
            Assert.IsType(type, a);
            Assert.False(a.Equals(null), $"{a} equals null");
            Assert.False(a.Equals(new object()), $"{a} equals an unrelated object");
            for (var j = 0; j < factories.Length; j++)
            {
                var b = factories[j]();
                var expected = i == j;
                var what = $"{type.Name} samples #{i} ({a}) and #{j} ({b})";
                Assert.True(expected == a.Equals(b), $"Equals(object) on {what}");
                Assert.True(expected == (bool)equatableEquals.Invoke(a, [b])!, $"IEquatable.Equals on {what}");
                if (opEquality is not null)
                {
                    Assert.True(expected == (bool)opEquality.Invoke(null, [a, b])!, $"== on {what}");
                    Assert.True(expected != (bool)opInequality!.Invoke(null, [a, b])!, $"!= on {what}");
                }
                if (expected) Assert.True(a.GetHashCode() == b.GetHashCode(), $"GetHashCode on {what}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(TypeNames))]
    public void Ordering_WhereImplemented_AgreesWithEqualityAndOperators(string typeName)
    {
        var (type, factories) = Samples.Single(kv => kv.Key.FullName == typeName);
        var comparable = typeof(IComparable<>).MakeGenericType(type);
        if (!comparable.IsAssignableFrom(type))
        {
            Assert.Null(Operator(type, "op_LessThan"));
            return;
        }
        var compareTo = comparable.GetMethod("CompareTo")!;
        var lt = Operator(type, "op_LessThan");
        var gt = Operator(type, "op_GreaterThan");
        var le = Operator(type, "op_LessThanOrEqual");
        var ge = Operator(type, "op_GreaterThanOrEqual");
        for (var i = 0; i < factories.Length; i++)
        {
            for (var j = 0; j < factories.Length; j++)
            {
                object a = factories[i](), b = factories[j]();
                var expected = i.CompareTo(j); // samples are listed in ascending order
                var what = $"{type.Name} samples #{i} ({a}) and #{j} ({b})";
                Assert.True(expected == Math.Sign((int)compareTo.Invoke(a, [b])!), $"CompareTo on {what}");
                Assert.True(-expected == Math.Sign((int)compareTo.Invoke(b, [a])!), $"reversed CompareTo on {what}");
                if (lt is not null) Assert.True((expected < 0) == (bool)lt.Invoke(null, [a, b])!, $"< on {what}");
                if (gt is not null) Assert.True((expected > 0) == (bool)gt.Invoke(null, [a, b])!, $"> on {what}");
                if (le is not null) Assert.True((expected <= 0) == (bool)le.Invoke(null, [a, b])!, $"<= on {what}");
                if (ge is not null) Assert.True((expected >= 0) == (bool)ge.Invoke(null, [a, b])!, $">= on {what}");
            }
        }
        if (typeof(IComparable).IsAssignableFrom(type))
            Assert.True(((IComparable)factories[0]()).CompareTo(null) > 0, "non-generic CompareTo(null) must be positive");
    }

    [Fact]
    public void Mills_OrderedTypes_DefineAllRelationalOperators()
    {
        foreach (var name in new[] { "op_LessThan", "op_GreaterThan", "op_LessThanOrEqual", "op_GreaterThanOrEqual", "op_Equality", "op_Inequality" })
            Assert.NotNull(Operator(typeof(Mills), name));
    }

    private static MethodInfo? Operator(Type type, string name) =>
        type.GetMethod(name, BindingFlags.Public | BindingFlags.Static, [type, type]);
}
