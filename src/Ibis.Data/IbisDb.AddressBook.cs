using Ibis.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Data;

// The licensee's address book: saved recipients for the print page.
public abstract partial class IbisDb
{
    public DbSet<AddressBookEntryRow> AddressBook => Set<AddressBookEntryRow>();

    partial void ConfigureAddressBook(ModelBuilder b)
    {
        b.Entity<AddressBookEntryRow>(e =>
        {
            e.ToTable("address_book_entries");
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.LicenseeId, x.Name });
            e.Property(x => x.Name).HasMaxLength(40);
            e.Property(x => x.Line1).HasMaxLength(40);
            e.Property(x => x.Line2).HasMaxLength(40);
            e.Property(x => x.City).HasMaxLength(25);
            e.Property(x => x.State).HasMaxLength(2);
            e.Property(x => x.Zip5).HasMaxLength(5);
            e.Property(x => x.Zip4).HasMaxLength(4);
            e.Property(x => x.DeliveryPoint).HasMaxLength(2);
            e.Property(x => x.Company).HasMaxLength(40);
        });
    }
}
