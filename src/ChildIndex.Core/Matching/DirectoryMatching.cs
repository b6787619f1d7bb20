using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ChildIndex.Core.Matching;

public static class DirectoryMatching
{
    /// <summary>How near a date of birth must be to count, for search and the duplicate check
    /// alike: SEARCH_DOB_TOLERANCE_DAYS (default 31).</summary>
    public static IServiceCollection AddDirectoryMatching(this IServiceCollection services)
    {
        services.AddSingleton(provider => Read(provider.GetRequiredService<IConfiguration>()));
        return services;
    }

    public static MatchingOptions Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var text = configuration["SEARCH_DOB_TOLERANCE_DAYS"];
        if (string.IsNullOrWhiteSpace(text))
        {
            return new MatchingOptions();
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var tolerance) && tolerance is >= 0 and <= 366
            ? new MatchingOptions { DateToleranceDays = tolerance }
            : throw new InvalidOperationException("SEARCH_DOB_TOLERANCE_DAYS must be a number of days from 0 to 366");
    }
}
