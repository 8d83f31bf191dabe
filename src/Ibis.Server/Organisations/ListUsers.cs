using Ibis.Data;
using Ibis.Domain;
using Ibis.Domain.Organisations;
using Ibis.Server.Auth;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Organisations;

/// <summary>An administrator lists its organisation's users.</summary>
public sealed class ListUsers(IbisDb db)
{
    public async Task<IReadOnlyList<UserView>> Handle(Caller caller, CancellationToken ct)
    {
        InviteUser.Access.Authorize(caller);
        var rows = await OrganisationScope.Users(db.Users.AsNoTracking(), caller).OrderBy(u => u.Email).ToListAsync(ct);
        return rows.Select(UserView.From).ToList();
    }
}
