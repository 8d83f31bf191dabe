namespace Ibis.Server.Tests.Hardening;

/// <summary>
/// The request each state-changing row of the matrix sends: a minimal body (and query) that passes the
/// endpoint's input validation, so that the answer a refused role gets is the role check's, not a 400 about
/// the body. <c>{name}</c> is replaced by the target tenant's id of that name (licenseeId, deviceId …).
/// A row without an entry sends <c>{}</c>: its endpoint takes no body, or checks the caller's role before it
/// reads the body.
/// </summary>
public static class MatrixRequests
{
    public static (string? Query, string? Body) For(string endpoint) => Requests.GetValueOrDefault(endpoint);

    private static readonly Dictionary<string, (string? Query, string? Body)> Requests = new(StringComparer.Ordinal)
    {
        ["PATCH /v1/accounts/{accountId}"] = (null, """{"monthly_statement":true}"""),
        ["PATCH /v1/customers/{recordId}"] = (null, """{"changes":{"customer_information":{"phone":"202-555-0100"}},"reason":"authorization matrix"}"""),
        ["POST /v1/accounts"] = (null, """{"licensee_id":"{licenseeId}","deposit_requirement_acknowledged":true}"""),
        ["POST /v1/accounts/{accountId}/advance-repayments"] = (null, """{"amount":"1.000"}"""),
        ["POST /v1/accounts/{accountId}/advances"] = (null, """{"amount":"1.000"}"""),
        ["PUT /v1/accounts/{accountId}/advance-limit"] = (null, """{"amount":"1.000"}"""),
        ["POST /v1/deposits/{depositId}/confirmation"] = (null, """{"succeeded":false,"failure_reason":"authorization matrix"}"""),
        ["POST /v1/devices/{deviceId}/resets"] = (null, """{"amount":"1.000"}"""),
        ["PUT /v1/licensees/{licenseeId}/descending-register-cap"] = (null, """{"amount":"500.000"}"""),
        ["POST /v1/devices/{deviceId}/indicia"] = (null, Letter),
        ["POST /v1/devices/{deviceId}/indicia/batch"] = (null, "{\"pieces\":[" + Letter + "]}"),
        ["POST /v1/devices/{deviceId}/loss-report"] = (null, """{"kind":"lost","occurred_on":"{yesterday}","place":"the office","details":"authorization matrix"}"""),
        ["POST /v1/devices/{deviceId}/replacement"] = (null, """{"replacement_device_id":"{deviceId}"}"""),
        ["POST /v1/appeals/{appealId}/decision"] = (null, """{"outcome":"granted","reason":"authorization matrix"}"""),
        ["POST /v1/licenses/{licenseId}/revocation"] = (null, """{"reason":"b","detail":"authorization matrix"}"""),
        ["POST /v1/certificates/{serial}/revocation"] = (null, """{"reason":"compromised"}"""),
        ["POST /v1/privacy-requests/{requestId}/verification"] = (null, """{"method":"notarized_statement"}"""),
        ["PUT /v1/licenses/{licenseId}/classified-branch"] = (null, """{"branch_name":"Friendship"}"""),
        ["POST /v1/refunds/{refundId}/audit"] = (null, """{"finding":"authorization matrix"}"""),
    };

    /// <summary>One First-Class letter at the sandbox's price (P050 3.1).</summary>
    private const string Letter = """{"mail_class":"first_class","rate_category":"letter","weight_oz":1,"postage":"0.740","mailing_date":"{today}"}""";
}
