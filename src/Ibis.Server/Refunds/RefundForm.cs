using Ibis.Data;
using Ibis.Domain;
using Ibis.Rendering.Forms;
using Ibis.Server.Auth;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Refunds;

/// <summary>The refund's Form 3533 as a PDF (§502.27(a)(1)): "This form may be supplied electronically to the licensee by the Provider."</summary>
internal sealed class RefundForm(IbisDb db, TimeProvider clock)
{
    public async Task<byte[]> Pdf(Caller caller, string refundId, CancellationToken ct)
    {
        var row = await RefundRecords.Load(db, caller, refundId, ct);
        var pieces = await db.RefundPieces.AsNoTracking().Where(p => p.RefundId == row.Id).ToListAsync(ct);
        var licensee = await db.Licensees.AsNoTracking().FirstAsync(l => l.Id == row.LicenseeId, ct);
        var provider = await db.Providers.AsNoTracking().FirstAsync(p => p.Id == row.ProviderId, ct);
        var form = new Form3533(row.Id, row.Status.ToText(), licensee.Name, licensee.Id, provider.Name, row.DeviceId, row.CreatedAt, RefundView.PartFourOf(pieces),
            row.CertifiedBy, row.CertifiedAt, row.CertificationDigest, row.SentAt, row.RetainUntil, row.Sandbox, clock.GetUtcNow());
        return Form3533Renderer.RenderPdf(form);
    }
}
