namespace ConvoMono.Features.PhoneNumbers;

/// <summary>One period a number was assigned to a client, with the monthly cost of that time: the profit view accrues
/// number cost per day from these rows (a cost change closes the period and opens a new one).</summary>
public sealed class PhoneNumberAssignment
{
    public Guid Id { get; private set; } = Guid.CreateVersion7();
    public Guid PhoneNumberId { get; private set; }
    public Guid ClientId { get; private set; }
    public decimal MonthlyCost { get; private set; }
    public string Currency { get; private set; } = "USD";
    public DateTime FromAt { get; private set; }
    public DateTime? ToAt { get; private set; }

    private PhoneNumberAssignment() { }

    public static PhoneNumberAssignment Open(PhoneNumber number, Guid clientId, DateTime now) => new()
    {
        PhoneNumberId = number.Id, ClientId = clientId, MonthlyCost = number.MonthlyCost, Currency = number.Currency, FromAt = now,
    };

    public void Close(DateTime now) => ToAt ??= now;
}
