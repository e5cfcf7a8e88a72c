using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Canvass.Contracts.Json;
using Canvass.Contracts.Reports;
using Canvass.Gateway.Ingest;

namespace Canvass.Gateway.Hosting;

/// <summary>The one JSON shape of the wire (the contract's <see cref="WireJsonOptions"/>), for REST and SignalR alike, with what only a server reading bodies adds.</summary>
public static class WireJson
{
    public static WireJsonContext Context { get; } = new(Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web)));

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        WireJsonOptions.Apply(options);
        // {"household":1,"household":999} must not mean whichever came last: a report, a token request or a
        // webhook with a member twice is refused, so that no two readers of one body can disagree on it.
        options.AllowDuplicateProperties = false;
        // Generated metadata for the hot wire types, reflection for the rest (hub arguments, problem details).
        options.TypeInfoResolver = JsonTypeInfoResolver.Combine(WireJsonContext.Default, options.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver());

        return options;
    }
}

[JsonSerializable(typeof(List<ReportDto>))]
[JsonSerializable(typeof(ReportDto))]
[JsonSerializable(typeof(List<CheckpointDto>))]
[JsonSerializable(typeof(CheckpointDto))]
[JsonSerializable(typeof(List<QuarantineDto>))]
[JsonSerializable(typeof(QuarantineDto))]
[JsonSerializable(typeof(List<HealthCheckDto>))]
[JsonSerializable(typeof(HealthCheckDto))]
[JsonSerializable(typeof(List<CareRequestDto>))]
[JsonSerializable(typeof(CareRequestDto))]
[JsonSerializable(typeof(Apis.CareStepRequest))]
[JsonSerializable(typeof(Apis.ExtendRequest))]
[JsonSerializable(typeof(CareRequest))]
[JsonSerializable(typeof(IReadOnlyList<CareRequest>))]
[JsonSerializable(typeof(Quarantine))]
[JsonSerializable(typeof(IReadOnlyList<Quarantine>))]
[JsonSerializable(typeof(IngestResult))]
[JsonSerializable(typeof(UnitSummary))]
[JsonSerializable(typeof(UnitSnapshot))]
[JsonSerializable(typeof(UnitsFrame))]
[JsonSerializable(typeof(IReadOnlyList<UnitSummary>))]
[JsonSerializable(typeof(UnitHistoryPoint))]
[JsonSerializable(typeof(IReadOnlyList<UnitHistoryPoint>))]
[JsonSerializable(typeof(UploadReceipt))]
[JsonSerializable(typeof(IReadOnlyList<UploadReceipt>))]
[JsonSerializable(typeof(UploadLagReport))]
public sealed partial class WireJsonContext : JsonSerializerContext;
