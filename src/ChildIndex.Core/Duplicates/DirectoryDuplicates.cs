using System.Globalization;
using ChildIndex.Core.Registration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ChildIndex.Core.Duplicates;

public static class DirectoryDuplicates
{
    /// <summary>Registration's duplicate check and the index team's tasks: the thresholds
    /// CHILDINDEX_DUPLICATE_UPPER (default 0.999) and CHILDINDEX_DUPLICATE_LOWER (default 0.5),
    /// match probabilities. A wrong value stops the server rather than matching unexpectedly.</summary>
    public static IServiceCollection AddDirectoryDuplicates(this IServiceCollection services)
    {
        services.AddSingleton(provider => Read(provider.GetRequiredService<IConfiguration>()));
        services.AddSingleton<DuplicateCheck>();
        services.AddScoped<DuplicateTasks>();
        return services;
    }

    public static DuplicateOptions Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return new DuplicateOptions
        {
            Upper = Probability(configuration, "CHILDINDEX_DUPLICATE_UPPER", DuplicateOptions.DefaultUpper),
            Lower = Probability(configuration, "CHILDINDEX_DUPLICATE_LOWER", DuplicateOptions.DefaultLower),
        }.Validated();
    }

    private static double Probability(IConfiguration configuration, string key, double fallback)
    {
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new InvalidOperationException($"{key} must be a probability, e.g. {fallback.ToString(CultureInfo.InvariantCulture)}");
    }
}
