using Ibis.Domain;
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
/// <see cref="RefusalFilter"/> next to the input it names. Creating and rotating are idempotent forms
/// (<see cref="IdempotentFormFilter"/>, one key per page shown, post/redirect/get): a double click, a reload
/// or the back button lands on the key the first post made and makes no second one. The whole key reaches
/// the page after the redirect by <c>OneTimeSecrets.Keep</c>, so it is still shown once only; a form
/// answered from its first post says so, with the key's prefix.
/// </summary>
internal sealed class ApiKeysModel(CreateApiKey create, RotateApiKey rotate, RevokeApiKey revoke, ListApiKeys keys) : PageModel, IRefusalPage
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

    /// <summary>One key per create form shown (<see cref="IdempotentFormFilter"/>).</summary>
    [BindProperty] public string? CreateKey { get; set; }

    /// <summary>One key per page shown for its rotate buttons; the key rotated is part of what is posted.</summary>
    [BindProperty] public string? RotateKey { get; set; }

    /// <summary>The page; after a create or a rotation (<paramref name="created"/>) the new key, whole if this is the first time it is shown.</summary>
    public async Task OnGetAsync(string? created, string? done, CancellationToken ct)
    {
        await Load(ct);
        Notice = done;
        if (created is null) return;
        OneTimeSecrets.ShownOnce(Response);
        if (OneTimeSecrets.Take<CreatedApiKey>(TempData) is { } whole && whole.Id == created)
            Created = whole;
        else if (Keys.FirstOrDefault(k => k.Id == created) is { } made)
            Notice = OneTimeSecrets.AlreadyShown(done, $"Key {made.Prefix}") + " If it was not copied, rotate it.";
    }

    [IdempotentForm(nameof(CreateKey), Replayed = "This form was already sent; no second key was made.")]
    public Task<IActionResult> OnPostCreateAsync(CancellationToken ct) =>
        Show(() => create.Handle(Who, new CreateApiKeyCommand(string.IsNullOrWhiteSpace(Name) ? null : Name.Trim(), string.IsNullOrEmpty(Role) ? null : Role), ct), ct);

    [IdempotentForm(nameof(RotateKey), Replayed = "This rotation was already sent; the key was not rotated twice.")]
    public Task<IActionResult> OnPostRotateAsync(string keyId, CancellationToken ct) => Show(() => rotate.Handle(Who, keyId, ct), ct);

    public async Task<IActionResult> OnPostRevokeAsync(string keyId, CancellationToken ct)
    {
        await Load(ct);
        var revoked = await revoke.Handle(Who, keyId, ct);
        return RedirectToPage(new { done = $"Key {revoked.Prefix} revoked: it is refused from its next request." });
    }

    private async Task<IActionResult> Show(Func<Task<CreatedApiKey>> make, CancellationToken ct)
    {
        await Load(ct);
        var created = await make();
        OneTimeSecrets.Keep(TempData, created);
        return RedirectToPage(new { created = created.Id });
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
        Keys = await keys.Handle(Who, ct);
        // A form shown anew gets a new key; a form shown again after a refusal keeps the one it posted.
        if (string.IsNullOrEmpty(CreateKey)) CreateKey = Ids.New("form");
        if (string.IsNullOrEmpty(RotateKey)) RotateKey = Ids.New("form");
    }
}
