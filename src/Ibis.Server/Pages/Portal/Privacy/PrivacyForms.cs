using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace Ibis.Server.Pages.Portal.Privacy;

/// <summary>
/// What the Privacy Act pages share: the answer to a role without the duty, and where a refusal shows.
/// (Their forms' keys are kept by <see cref="IdempotentFormFilter"/>, their refusals shown by <see cref="RefusalFilter"/>.)
/// </summary>
internal static class PrivacyForms
{
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

    /// <summary>The page input a service's field names: the services speak snake_case (customer_id), the page properties PascalCase (CustomerId).</summary>
    public static string Input(string snake) =>
        string.Concat(snake.Split('_', '.').Select(w => w.Length == 0 ? w : char.ToUpperInvariant(w[0]) + w[1..]));
}
