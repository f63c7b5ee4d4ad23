using Lakehouse.ServiceDefaults.Options;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Lakehouse.ServiceDefaults.Memory;

public static class IdleMemoryTrimmingExtensions
{
    /// <summary>Gives a quiet service's free memory back to the machine (<see cref="IdleMemoryTrimmer"/>).</summary>
    public static TBuilder AddIdleMemoryTrimming<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddValidatedOptions<IdleMemoryTrimOptions, IdleMemoryTrimOptionsValidator>()
            .BindConfiguration(IdleMemoryTrimOptions.SectionName);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddHostedService<IdleMemoryTrimmer>();
        return builder;
    }
}
