namespace ConvoMono.Infrastructure.Auth;

public static class Roles
{
    public const string SuperAdmin = "super_admin";
    public const string ClientOwner = "client_owner";
    public const string ClientMember = "client_member";

    public static readonly string[] All = [SuperAdmin, ClientOwner, ClientMember];
    public const string AnyClient = ClientOwner + "," + ClientMember;
}
