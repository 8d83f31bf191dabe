using Ibis.Data.Entities;
using Ibis.Domain.Licensing;

namespace Ibis.Server.Licensing;

/// <summary>
/// The licensing aggregates as their rows hold them. A handler loads one, calls its verb (which refuses a
/// move the rule does not allow) and stores <c>Status</c> back on the row.
/// </summary>
internal static class LicensingAggregates
{
    public static LicenseApplication Aggregate(this LicenseApplicationRow row) => LicenseApplication.Load(row.Id, row.Status);

    public static License Aggregate(this LicenseRow row) => License.Load(row.Id, row.Status);

    public static Appeal Aggregate(this AppealRow row) => Appeal.Load(row.Id, row.Status);
}
