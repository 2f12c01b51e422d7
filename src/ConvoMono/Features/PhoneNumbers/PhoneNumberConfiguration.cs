using ConvoMono.Features.Clients;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ConvoMono.Features.PhoneNumbers;

public sealed class PhoneNumberConfiguration : IEntityTypeConfiguration<PhoneNumber>
{
    public void Configure(EntityTypeBuilder<PhoneNumber> number)
    {
        number.Property(n => n.Number).HasMaxLength(20);
        number.Property(n => n.Nickname).HasMaxLength(100);
        number.Property(n => n.CountryCode).HasMaxLength(2);
        number.Property(n => n.Currency).HasMaxLength(3);
        number.Property(n => n.TwilioSid).HasMaxLength(40);
        number.Property(n => n.TerminationUri).HasMaxLength(200);
        number.Property(n => n.Provider).HasMaxLength(20);
        number.Property(n => n.Status).HasMaxLength(20);
        // A number can come back into the inventory after it was given away, so only live rows are unique.
        number.HasIndex(n => n.Number).IsUnique().HasFilter("status <> 'Released'");
        number.HasIndex(n => n.ClientId);
        number.HasOne<Client>().WithMany().HasForeignKey(n => n.ClientId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class PhoneNumberAssignmentConfiguration : IEntityTypeConfiguration<PhoneNumberAssignment>
{
    public void Configure(EntityTypeBuilder<PhoneNumberAssignment> assignment)
    {
        assignment.Property(a => a.Currency).HasMaxLength(3);
        assignment.HasIndex(a => new { a.PhoneNumberId, a.FromAt });
        assignment.HasIndex(a => new { a.ClientId, a.FromAt });
        assignment.HasOne<PhoneNumber>().WithMany().HasForeignKey(a => a.PhoneNumberId).OnDelete(DeleteBehavior.Cascade);
        assignment.HasOne<Client>().WithMany().HasForeignKey(a => a.ClientId).OnDelete(DeleteBehavior.Restrict);
    }
}
