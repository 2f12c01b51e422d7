using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ConvoMono.Features.Clients;

public sealed class ClientConfiguration : IEntityTypeConfiguration<Client>
{
    public void Configure(EntityTypeBuilder<Client> client)
    {
        client.Property(c => c.Name).HasMaxLength(200);
        client.Property(c => c.Currency).HasMaxLength(3);
        client.Property(c => c.DefaultCountry).HasMaxLength(2);
        client.Property(c => c.TimeZone).HasMaxLength(64);
        client.Property(c => c.Status).HasMaxLength(16);
        client.HasIndex(c => c.Name);
    }
}
