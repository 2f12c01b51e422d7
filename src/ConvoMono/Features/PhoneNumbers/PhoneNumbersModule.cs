namespace ConvoMono.Features.PhoneNumbers;

public static class PhoneNumbersModule
{
    public static IServiceCollection AddPhoneNumbers(this IServiceCollection services)
    {
        services.AddOptions<PhoneNumbersOptions>().BindConfiguration(PhoneNumbersOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<TwilioTrunkOptions>().BindConfiguration(TwilioTrunkOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        return services
            .AddScoped<ListPhoneNumbersHandler>()
            .AddScoped<SearchAvailableNumbersHandler>()
            .AddScoped<PurchasePhoneNumberHandler>()
            .AddScoped<ImportPhoneNumberHandler>()
            .AddScoped<AssignPhoneNumberHandler>()
            .AddScoped<ReleasePhoneNumberHandler>()
            .AddScoped<GiveBackPhoneNumberHandler>()
            .AddScoped<UpdatePhoneNumberHandler>()
            .AddScoped<ListClientPhoneNumbersHandler>();
    }
}
