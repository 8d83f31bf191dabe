using Ibis.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Data;

// Refunds (P050 3.3, §502.27): requests in one state machine, their Part IV pieces and pages, the
// refunded pieces (one row per indicium, ever) and the refund's history.
public abstract partial class IbisDb
{
    public DbSet<RefundRequestRow> RefundRequests => Set<RefundRequestRow>();
    public DbSet<RefundPieceRow> RefundPieces => Set<RefundPieceRow>();
    public DbSet<RefundedPieceRow> RefundedPieces => Set<RefundedPieceRow>();
    public DbSet<RefundPageRow> RefundPages => Set<RefundPageRow>();
    public DbSet<RefundEventRow> RefundEvents => Set<RefundEventRow>();
    public DbSet<RefundReceiptRow> RefundReceipts => Set<RefundReceiptRow>();

    partial void ConfigureRefunds(ModelBuilder b)
    {
        b.Entity<RefundRequestRow>(e =>
        {
            e.ToTable("refund_requests");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.LicenseeId);
            e.HasIndex(x => x.ProviderId);
            e.HasIndex(x => new { x.Status, x.RetainUntil });
        });
        b.Entity<RefundPieceRow>(e =>
        {
            e.ToTable("refund_pieces");
            e.HasKey(x => new { x.RefundId, x.Line });
            e.HasIndex(x => x.IndiciumId);
        });
        b.Entity<RefundedPieceRow>(e =>
        {
            e.ToTable("refunded_pieces");
            // The key is the indicium: a second refund of one piece is a key violation, never a second credit.
            e.HasKey(x => x.IndiciumId);
            e.HasIndex(x => new { x.DeviceId, x.PieceNumber }).IsUnique();
            e.HasIndex(x => x.RefundId);
        });
        b.Entity<RefundPageRow>(e =>
        {
            e.ToTable("refund_pages");
            e.HasKey(x => new { x.RefundId, x.Number });
        });
        b.Entity<RefundReceiptRow>(e =>
        {
            e.ToTable("refund_receipts");
            e.HasKey(x => new { x.RefundId, x.Number });
        });
        b.Entity<RefundEventRow>(e =>
        {
            e.ToTable("refund_events");
            e.HasKey(x => new { x.RefundId, x.Id });
        });
    }
}
