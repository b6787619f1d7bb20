using ChildIndex.Common.Storage;
using ChildIndex.Identity.Core.Accounts;
using ChildIndex.Identity.Core.Clients;
using ChildIndex.Identity.Core.Events;
using ChildIndex.Identity.Core.Storage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.Identity;

namespace ChildIndex.Identity.Hosting;

public static class IdentityStoreExtensions
{
    /// <summary>The store and the account services over it. Settings are read when first needed,
    /// so that configuration added after registration (by tests) counts.</summary>
    public static WebApplicationBuilder AddIdentityStore(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton(provider =>
            DatabaseSettings.FromConfiguration(provider.GetRequiredService<IConfiguration>(), IdentityStoreDbContext.DefaultSqliteFile));
        services.AddDbContext<IdentityStoreDbContext>((provider, options) =>
            IdentityStoreDbContext.Configure(options, provider.GetRequiredService<DatabaseSettings>()));
        services.AddSingleton(TimeProvider.System);

        // TOTP secrets are encrypted with data-protection keys kept beside the database (DATA_DIR);
        // in production, point DATA_PROTECTION_KEYS at a protected folder (deploy/README.md).
        services.AddDataProtection().SetApplicationName("ChildIndex.Identity");
        services.AddOptions<KeyManagementOptions>().Configure<IConfiguration, ILoggerFactory>((options, configuration, loggers) =>
            options.XmlRepository = new FileSystemXmlRepository(new DirectoryInfo(KeysDirectory(configuration)), loggers));

        services.AddSingleton(provider => Settings.Vetting(provider.GetRequiredService<IConfiguration>()));
        services.AddSingleton<VettingPolicy>();
        services.AddSingleton(new SignInLockout());
        services.AddSingleton<IPasswordHasher<User>, PasswordHasher<User>>();
        services.AddSingleton<TotpAuthenticator>();
        services.AddScoped<AuthEventLog>();
        services.AddScoped<SignInService>();
        services.AddScoped<UserAdministration>();
        services.AddScoped<ClientAdministration>();
        services.AddScoped<AuthEventFeedReader>();
        return builder;
    }

    private static string KeysDirectory(IConfiguration configuration) =>
        configuration["DATA_PROTECTION_KEYS"] is { Length: > 0 } dir ? dir : Path.Combine(DatabaseSettings.DataDirectory(configuration), "identity-keys");
}
