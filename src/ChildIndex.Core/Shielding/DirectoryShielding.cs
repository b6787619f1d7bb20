using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ChildIndex.Core.Shielding;

public static class DirectoryShielding
{
    /// <summary>Shielding, sensitive services and break-glass: the index team's contact
    /// (INDEX_TEAM_NAME, INDEX_TEAM_PHONE, INDEX_TEAM_EMAIL) and the override's length
    /// (BREAK_GLASS_MINUTES, default 15; fractions allowed, at most 60).</summary>
    public static IServiceCollection AddDirectoryShielding(this IServiceCollection services)
    {
        services.AddSingleton(provider => Read(provider.GetRequiredService<IConfiguration>()));
        services.AddScoped<ShieldManagement>();
        services.AddScoped<BreakGlassAccess>();
        services.AddScoped<BreakGlassReviews>();
        return services;
    }

    public static ShieldingOptions Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var defaults = new ShieldingOptions();
        var minutes = configuration["BREAK_GLASS_MINUTES"];
        var duration = defaults.BreakGlassDuration;
        if (!string.IsNullOrWhiteSpace(minutes))
        {
            // A wrong value stops the server at once rather than granting overrides of a surprising length.
            if (!double.TryParse(minutes, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ||
                value <= 0 || TimeSpan.FromMinutes(value) > ShieldingOptions.MaxBreakGlassDuration)
            {
                throw new InvalidOperationException(
                    $"BREAK_GLASS_MINUTES must be a number of minutes above 0 and at most {ShieldingOptions.MaxBreakGlassDuration.TotalMinutes}");
            }

            duration = TimeSpan.FromMinutes(value);
        }

        return new ShieldingOptions
        {
            IndexTeamName = Setting(configuration, "INDEX_TEAM_NAME", defaults.IndexTeamName),
            IndexTeamPhone = Setting(configuration, "INDEX_TEAM_PHONE", defaults.IndexTeamPhone),
            IndexTeamEmail = Setting(configuration, "INDEX_TEAM_EMAIL", defaults.IndexTeamEmail),
            BreakGlassDuration = duration,
        };
    }

    private static string Setting(IConfiguration configuration, string key, string fallback) =>
        configuration[key] is { Length: > 0 } value ? value.Trim() : fallback;
}
