using Ibis.Data;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace Ibis.Server.Pages.Portal.Privacy;

/// <summary>What the Privacy Act pages share: one idempotency key per form shown, and the answer to a role without the duty.</summary>
public static class PrivacyForms
{
    /// <summary>
    /// The same keys as the device and print pages (<see cref="IdempotencyStore"/>, "portal:" + the form's key):
    /// true when this form was already submitted (a reload or a double click), so nothing is done twice.
    /// Otherwise the key is remembered in the change tracker and saved with the effect by the service.
    /// </summary>
    public static async Task<bool> AlreadySubmitted(IdempotencyStore store, IbisDb db, Caller caller, string? formKey, string hash, DateTimeOffset now, CancellationToken ct)
    {
        var request = new IdempotentRequest(string.IsNullOrEmpty(formKey) ? null : "portal:" + formKey, hash);
        var scope = "portal-privacy/" + caller.UserOrKeyId;
        if (await store.Replay(db, scope, request, ct) is not null) return true;
        store.Remember(db, scope, request, StatusCodes.Status303SeeOther, [], null, now);
        return false;
    }

    /// <summary>
    /// A 403 page: the Privacy Act pages are the privacy officer's duty (notice 820.100 "Safeguards":
    /// access limited to individuals whose official duties require it).
    /// </summary>
    public static ViewResult Forbidden(this PageModel page) => new()
    {
        ViewName = "/Pages/Portal/Privacy/Forbidden.cshtml",
        StatusCode = StatusCodes.Status403Forbidden,
        ViewData = new ViewDataDictionary(page.MetadataProvider, new ModelStateDictionary()),
    };

    /// <summary>A service's refusal next to the field it names (or at the top).</summary>
    public static void Show(this ModelStateDictionary state, ApiException e, string? fieldPrefix = null) =>
        state.AddModelError(e.Field is null ? "" : (fieldPrefix ?? "") + Field(e.Field), $"{e.Message} ({e.Code})");

    // The services name fields in snake_case (customer_id); the page properties are PascalCase (CustomerId).
    private static string Field(string snake) =>
        string.Concat(snake.Split('_', '.').Select(w => w.Length == 0 ? w : char.ToUpperInvariant(w[0]) + w[1..]));
}
