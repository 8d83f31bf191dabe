using Ibis.Server.Api;

namespace Ibis.Server.Verification;

public sealed record VerificationRequest(string? BarcodeData);

public static class VerificationsApi
{
    public static void MapVerifications(this RouteGroupBuilder api)
    {
        var v1 = api.MapGroup("").WithTags("Verification"); // one tag per module in the API reference
        v1.MapPost("/verifications", Verify)
            .WithName("VerifyIndicium")
            .WithSummary("Verify indicium bytes (base64): format, certificate, signature and date. Open to anyone, like the certificate directory.")
            .Accepts<VerificationRequest>("application/json")
            .Produces<VerificationResult>()
            .ProducesProblem(400)
            .AllowAnonymous();
    }

    private static async Task<IResult> Verify(HttpRequest request, VerifyIndicium verifier, CancellationToken ct)
    {
        var body = await JsonBody.Read<VerificationRequest>(request, ct);
        if (string.IsNullOrWhiteSpace(body.BarcodeData))
            throw ApiException.Invalid("barcode_data_required", "barcode_data (base64 of the indicium bytes) is required", "barcode_data");
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(body.BarcodeData.Trim());
        }
        catch (FormatException)
        {
            throw ApiException.Invalid("barcode_data_invalid", "barcode_data is not valid base64", "barcode_data");
        }
        return Results.Ok(await verifier.Handle(bytes, ct));
    }
}
