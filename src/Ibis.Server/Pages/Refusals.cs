using Ibis.Domain;
using Ibis.Server.Api;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Ibis.Server.Pages;

/// <summary>
/// A refusal of a use case shown on the page next to the field it names: the rule's field (API
/// spelling, <c>administrator_email</c>) is mapped to the page's input (<c>AdministratorEmail</c>);
/// a refusal without a field goes to the summary at the top of the form.
/// </summary>
public static class Refusals
{
    /// <summary>True when <paramref name="error"/> is a refusal (and was added to the model state).</summary>
    public static bool TryAdd(ModelStateDictionary state, Exception error, IReadOnlyDictionary<string, string>? fields = null, string? prefix = null)
    {
        var (field, code, message) = error switch
        {
            BusinessRuleViolationException e => (e.Rule.Field, e.Code, e.Rule.Message),
            ApiException e => (e.Field, e.Code, e.Message),
            _ => ((string?)null, (string?)null, (string?)null),
        };
        if (code is null) return false;
        var key = field is not null && fields is not null && fields.TryGetValue(field, out var input) ? prefix + input : "";
        state.AddModelError(key, $"{Capitalized(message!)} ({code})");
        return true;
    }

    private static string Capitalized(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
