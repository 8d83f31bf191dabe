using Ibis.Domain.Organisations;
using Ibis.Server.Auth;
using Ibis.Server.Organisations;
using Ibis.Server.Pages.Portal.Devices;
using Ibis.Server.Pages.Portal.Onboarding;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ibis.Server.Pages.Portal;

/// <summary>
/// An organisation's administrators manage its users: invite (a role the organisation may grant; the
/// one-time link is shown once), change a role or the administrator right, remove a user. A refusal is shown
/// by <see cref="RefusalFilter"/>: next to the invitation's input it names, or at the top for a user's row.
/// The invitation is an idempotent form (<see cref="IdempotentFormFilter"/>, one key per form shown,
/// post/redirect/get; the link reaches the page after the redirect by <c>OneTimeSecrets.Keep</c>):
/// a double click, a reload or the back button lands on the first post's invitation and issues no other.
/// </summary>
internal sealed class UsersModel(ListUsers users, ChangeUser change, RemoveUser remove, InviteUser invite) : PageModel, IRefusalPage
{
    private static readonly Dictionary<string, string> Fields = new() { ["email"] = nameof(Email), ["role"] = nameof(Role), ["administrator"] = nameof(Administrator) };

    public Caller Who { get; private set; } = null!;

    public IReadOnlyList<UserView> Users { get; private set; } = [];

    public IReadOnlyList<string> Roles { get; private set; } = [];

    /// <summary>The invitation just issued: its link is on this answer only.</summary>
    public IssuedInvitation? Issued { get; private set; }

    public string? Link { get; private set; }

    public string? Notice { get; private set; }

    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Role { get; set; }
    [BindProperty] public bool Administrator { get; set; }

    /// <summary>One key per invitation form shown (<see cref="IdempotentFormFilter"/>).</summary>
    [BindProperty] public string? InviteKey { get; set; }

    /// <summary>The page; after an invitation (<paramref name="invitation"/>) its link, if this is the first time it is shown.</summary>
    public async Task<IActionResult> OnGetAsync(string? invitation, string? done, CancellationToken ct)
    {
        if (!await Load(ct)) return this.NotFoundPage("page");
        Notice = done;
        if (invitation is null) return Page();
        OneTimeSecrets.ShownOnce(Response);
        if (OneTimeSecrets.Take<IssuedInvitation>(TempData) is { } issued && issued.Id == invitation)
        {
            Issued = issued;
            Link = OneTimeSecrets.AbsoluteLink(Request, issued.AcceptUrl);
        }
        else Notice = OneTimeSecrets.AlreadyShown(done, $"Invitation {invitation}");
        return Page();
    }

    [IdempotentForm(nameof(InviteKey), Replayed = "This invitation was already sent; no second one was issued.")]
    public async Task<IActionResult> OnPostInviteAsync(CancellationToken ct)
    {
        if (!await Load(ct)) return this.NotFoundPage("page");
        inviting = true;
        var issued = await invite.Handle(Who, new InviteUserCommand(Email, Role, Administrator), ct);
        OneTimeSecrets.Keep(TempData, issued);
        return RedirectToPage(new { invitation = issued.Id });
    }

    public Task<IActionResult> OnPostChangeAsync(string userId, string? role, bool administrator, CancellationToken ct) =>
        Act(async c => $"{(await change.Handle(c, userId, new ChangeUserCommand(role, administrator), ct)).Email} changed; their sessions have ended.", ct);

    public Task<IActionResult> OnPostRemoveAsync(string userId, CancellationToken ct) =>
        Act(async c => $"{(await remove.Handle(c, userId, ct)).Email} removed; their sessions ended and the API keys they created were revoked.", ct);

    private async Task<IActionResult> Act(Func<Caller, Task<string>> action, CancellationToken ct)
    {
        if (!await Load(ct)) return this.NotFoundPage("page");
        return RedirectToPage(new { done = await action(Who) });
    }

    /// <summary>Whether the form posted is the invitation (whose inputs a refusal is shown next to), not a user's row.</summary>
    private bool inviting;

    public async Task<IActionResult> ShowAgainAsync(CancellationToken ct)
    {
        Issued = null;
        Link = null;
        await Load(ct);
        return Page();
    }

    string? IRefusalPage.InputFor(string field) => inviting ? Fields.GetValueOrDefault(field) : null;

    private async Task<bool> Load(CancellationToken ct)
    {
        // A form shown anew gets a new key; a form shown again after a refusal keeps the one it posted.
        if (string.IsNullOrEmpty(InviteKey)) InviteKey = Ibis.Domain.Ids.New("form");
        Who = Caller.From(User);
        if (!Who.IsAdministrator) return false;
        Roles = OrganisationRoles.Grantable(Who.Organisation);
        Users = await users.Handle(Who, ct);
        return true;
    }
}
