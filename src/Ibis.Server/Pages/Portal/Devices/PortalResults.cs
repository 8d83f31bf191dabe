using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace Ibis.Server.Pages.Portal.Devices;

/// <summary>Portal answers shared by the device and case pages.</summary>
internal static class PortalResults
{
    /// <summary>
    /// A 404 with a readable page (an empty 404 body shows as a browser error). Another licensee's
    /// device gets exactly this too, like an unknown one, so ids cannot be probed.
    /// </summary>
    public static ViewResult NotFoundPage(this PageModel page, string what) => new()
    {
        ViewName = "NotFound",
        StatusCode = StatusCodes.Status404NotFound,
        ViewData = new ViewDataDictionary(page.MetadataProvider, new ModelStateDictionary()) { ["What"] = what },
    };
}
