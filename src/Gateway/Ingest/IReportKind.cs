using System.Text.Json.Serialization.Metadata;
using Canvass.Abstractions.Screening;
using Canvass.Abstractions.Units;
using Canvass.Registry;

namespace Canvass.Gateway.Ingest;

/// <summary>
/// One kind of report the gateway ingests (household reports, checkpoint reports, …): how its items are read, checked
/// and applied. <see cref="IngestPipeline"/> does the rest (the id and site checks every kind shares, grouping by site,
/// one call per site, the per-item results), so a new kind is this registration, its validation and a site grain
/// method, registered with <see cref="ReportKindServiceExtensions.AddReportKind{TKind, TDto, TItem}"/>.
/// </summary>
/// <typeparam name="TDto">The item as posted: every member optional, so that a missing one rejects only its item.</typeparam>
/// <typeparam name="TItem">The item as its site grain takes it.</typeparam>
public interface IReportKind<TDto, TItem>
    where TDto : class
{
    /// <summary>How a batch (a JSON array) of this kind is read.</summary>
    JsonTypeInfo<List<TDto>> BatchType { get; }

    /// <summary>How one item (an NDJSON line) is read.</summary>
    JsonTypeInfo<TDto> ItemType { get; }

    /// <summary>The kind as an upload receipt names it (<c>reports</c>, <c>checkpoints</c>...): the route's last segment, camelCase.</summary>
    string UploadKind { get; }

    /// <summary>The name of the idempotency key on the wire (<c>reportId</c>, <c>quarantineId</c>...), so that errors name the field posted.</summary>
    string IdName { get; }

    /// <summary>The item's idempotency key as posted (checked by the pipeline).</summary>
    string? IdOf(TDto dto);

    /// <summary>The id of the item's own routes, for kinds that have them (<c>site~id</c>, see <c>CareIds</c>); null for the others.</summary>
    string? PathIdOf(TDto dto) => null;

    /// <summary>The item's time of observation as posted (<c>screenedAt</c>, <c>at</c>...), for its receipt's range and lag; null (observed as it arrived) when it gives none.</summary>
    DateTimeOffset? ObservedAtOf(TDto dto) => null;

    /// <summary>The item's site id as posted (checked against the registry and the sender's scope by the pipeline).</summary>
    string? SiteOf(TDto dto);

    /// <summary>The checks of this kind, after the shared ones: <paramref name="site"/> is a site of the registry within the sender's scope.</summary>
    /// <param name="times">The times of observation the deployment accepts now (see <see cref="ScreeningWindow"/>).</param>
    Checked<TItem> Check(TDto dto, RegistryUnit site, ReportTimeBounds times);

    /// <summary>Hands one site its valid items of the batch, in the order posted; one result per item.</summary>
    /// <param name="submittedBy">The sender's token subject, journaled with each item.</param>
    Task<ReportResult[]> ApplyAsync(ISiteGrain site, TItem[] items, string? submittedBy);
}

/// <summary>The outcome of checking one item: the item for its site, or why it is refused.</summary>
public readonly record struct Checked<TItem>(TItem? Item, string? Error)
{
    public static Checked<TItem> Valid(TItem item) => new(item, null);

    public static Checked<TItem> Refused(string error) => new(default, error);
}
