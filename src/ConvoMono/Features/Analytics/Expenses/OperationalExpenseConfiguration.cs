using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ConvoMono.Features.Analytics.Expenses;

public sealed class OperationalExpenseConfiguration : IEntityTypeConfiguration<OperationalExpense>
{
    public void Configure(EntityTypeBuilder<OperationalExpense> expense)
    {
        expense.Property(e => e.Name).HasMaxLength(100);
        expense.Property(e => e.Note).HasMaxLength(500);
        expense.HasIndex(e => e.FirstMonth);
    }
}
