using Ibis.Domain.Organisations;
using Ibis.Server.Auth;
using Ibis.Server.Organisations;
using Ibis.Server.Pages.Portal.Onboarding;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ibis.Server.Pages.Portal;

/// <summary>
/// API keys of the signed-in user (an administrator: of its whole organisation): listed by prefix only;
/// a new or rotated key is shown whole on the answer that made it, never again. A refusal is shown by
/// <see cref="RefusalFilter"/> next to the input it names.
/// </summary>
public sealed class ApiKeysModel(ManageApiKeys keys) : PageModel, IRefusalPage
{
    private static readonly Dictionary<string, string> Fields = new() { ["name"] = nameof(Name), ["role"] = nameof(Role) };

    public Caller Who { get; private set; } = null!;

    public IReadOnlyList<ApiKeyView> Keys { get; private set; } = [];

    /// <summary>Roles the caller may give a key: its own, or for an administrator any its organisation may grant.</summary>
    public IReadOnlyList<string> Roles { get; private set; } = [];

    public CreatedApiKey? Created { get; private set; }

    public string? Notice { get; private set; }

    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Role { get; set; }

    public async Task OnGetAsync(string? done, CancellationToken ct)
    {
        await Load(ct);
        Notice = done;
    }

    public Task<IActionResult> OnPostCreateAsync(CancellationToken ct) =>
        Show(() => keys.Create(Who, new CreateApiKeyCommand(string.IsNullOrWhiteSpace(Name) ? null : Name.Trim(), string.IsNullOrEmpty(Role) ? null : Role), ct), ct);

    public Task<IActionResult> OnPostRotateAsync(string keyId, CancellationToken ct) => Show(() => keys.Rotate(Who, keyId, ct), ct);

    public async Task<IActionResult> OnPostRevokeAsync(string keyId, CancellationToken ct)
    {
        await Load(ct);
        var revoked = await keys.Revoke(Who, keyId, ct);
        return RedirectToPage(new { done = $"Key {revoked.Prefix} revoked: it is refused from its next request." });
    }

    private async Task<IActionResult> Show(Func<Task<CreatedApiKey>> make, CancellationToken ct)
    {
        await Load(ct);
        Created = await make();
        OneTimeSecrets.ShownOnce(Response);
        Name = null;
        ModelState.Clear();
        await Load(ct);
        return Page();
    }

    public async Task<IActionResult> ShowAgainAsync(CancellationToken ct)
    {
        Created = null;
        await Load(ct);
        return Page();
    }

    string? IRefusalPage.InputFor(string field) => Fields.GetValueOrDefault(field);

    private async Task Load(CancellationToken ct)
    {
        Who = Caller.From(User);
        Roles = Who.IsAdministrator ? OrganisationRoles.Grantable(Who.Organisation) : [Who.Role];
        Keys = await keys.List(Who, ct);
    }
}
