using ConvoMono.Features.DoNotCall.Platform;

namespace ConvoMono.Features.DoNotCall;

public static class DoNotCallModule
{
    public static IServiceCollection AddDoNotCall(this IServiceCollection services) => services
        .AddScoped<AddDncEntryHandler>()
        .AddScoped<ImportDncEntriesHandler>()
        .AddScoped<ListDncEntriesHandler>()
        .AddScoped<RemoveDncEntryHandler>()
        .AddScoped<AddPlatformDncEntryHandler>()
        .AddScoped<ImportPlatformDncEntriesHandler>()
        .AddScoped<ListPlatformDncEntriesHandler>()
        .AddScoped<RemovePlatformDncEntryHandler>()
        .AddSingleton<DncLookup>(); // no state but factories: the importer and the dialer use it outside requests
}
