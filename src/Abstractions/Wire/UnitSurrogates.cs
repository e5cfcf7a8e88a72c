using Orleans.Serialization.Cloning;

namespace Canvass.Abstractions.Wire;

// The wire's types are the grains' types too (src/Contracts has no Orleans in it, so partners can take it): these
// surrogates are how Orleans carries them between silos and gateways. Ids and aliases are those the types had when
// they carried [GenerateSerializer] themselves; never renumber them. The copiers say what the records are:
// immutable, so a call within one silo passes them by reference as [Immutable] did.

/// <summary>Orleans' form of a <see cref="UnitSummary"/>.</summary>
[GenerateSerializer, Immutable, Alias("canvass.UnitSummary")]
public struct UnitSummarySurrogate
{
    [Id(0)] public string Id;
    [Id(1)] public string Name;
    [Id(2)] public string Level;
    [Id(3)] public string? ParentId;
    [Id(4)] public string? Kind;
    [Id(5)] public long RegisteredHouseholds;
    [Id(6)] public long ScreenedHouseholds;
    [Id(7)] public long AbsentHouseholds;
    [Id(8)] public long RefusedHouseholds;
    [Id(9)] public ResidentCounts Residents;
    [Id(10)] public DateTimeOffset? LastReportAt;
    [Id(11)] public int Sites;
    [Id(12)] public int StaleSites;
    [Id(13)] public long Version;
    [Id(14)] public int ClosedSites;
    [Id(15)] public int UnstaffedSites;
    [Id(16)] public long TemperatureChecksLastHour;
    [Id(17)] public int OpenAlerts;
    [Id(18)] public int UnacknowledgedAlerts;
    [Id(19)] public int EscalatedAlerts;
    [Id(20)] public bool Loading;
    [Id(21)] public QuarantineCounts? QuarantinedHouseholds;
    [Id(22)] public int QuarantinesEndingToday;
    [Id(23)] public int QuarantinesOverdue;
    [Id(24)] public int ChecksDueToday;
    [Id(25)] public int ChecksDone;
    [Id(26)] public int ChecksMissed;
    [Id(27)] public int CareOpen;
    [Id(28)] public int CareOverdue;
    [Id(29)] public int CareDeliveredToday;
    [Id(30)] public int[]? CareDeliveryTimes;
}

[RegisterConverter]
public sealed class UnitSummaryConverter : IConverter<UnitSummary, UnitSummarySurrogate>
{
    public UnitSummary ConvertFromSurrogate(in UnitSummarySurrogate surrogate) => new()
    {
        Id = surrogate.Id,
        Name = surrogate.Name,
        Level = surrogate.Level,
        ParentId = surrogate.ParentId,
        Kind = surrogate.Kind,
        RegisteredHouseholds = surrogate.RegisteredHouseholds,
        ScreenedHouseholds = surrogate.ScreenedHouseholds,
        AbsentHouseholds = surrogate.AbsentHouseholds,
        RefusedHouseholds = surrogate.RefusedHouseholds,
        Residents = surrogate.Residents,
        LastReportAt = surrogate.LastReportAt,
        Sites = surrogate.Sites,
        StaleSites = surrogate.StaleSites,
        Version = surrogate.Version,
        ClosedSites = surrogate.ClosedSites,
        UnstaffedSites = surrogate.UnstaffedSites,
        TemperatureChecksLastHour = surrogate.TemperatureChecksLastHour,
        OpenAlerts = surrogate.OpenAlerts,
        UnacknowledgedAlerts = surrogate.UnacknowledgedAlerts,
        EscalatedAlerts = surrogate.EscalatedAlerts,
        Loading = surrogate.Loading,
        // A summary from a server before issue 15 has none: zero, not null.
        QuarantinedHouseholds = surrogate.QuarantinedHouseholds ?? QuarantineCounts.Zero,
        QuarantinesEndingToday = surrogate.QuarantinesEndingToday,
        QuarantinesOverdue = surrogate.QuarantinesOverdue,
        ChecksDueToday = surrogate.ChecksDueToday,
        ChecksDone = surrogate.ChecksDone,
        ChecksMissed = surrogate.ChecksMissed,
        CareOpen = surrogate.CareOpen,
        CareOverdue = surrogate.CareOverdue,
        CareDeliveredToday = surrogate.CareDeliveredToday,
        CareDeliveryTimes = surrogate.CareDeliveryTimes,
    };

    public UnitSummarySurrogate ConvertToSurrogate(in UnitSummary value) => new()
    {
        Id = value.Id,
        Name = value.Name,
        Level = value.Level,
        ParentId = value.ParentId,
        Kind = value.Kind,
        RegisteredHouseholds = value.RegisteredHouseholds,
        ScreenedHouseholds = value.ScreenedHouseholds,
        AbsentHouseholds = value.AbsentHouseholds,
        RefusedHouseholds = value.RefusedHouseholds,
        Residents = value.Residents,
        LastReportAt = value.LastReportAt,
        Sites = value.Sites,
        StaleSites = value.StaleSites,
        Version = value.Version,
        ClosedSites = value.ClosedSites,
        UnstaffedSites = value.UnstaffedSites,
        TemperatureChecksLastHour = value.TemperatureChecksLastHour,
        OpenAlerts = value.OpenAlerts,
        UnacknowledgedAlerts = value.UnacknowledgedAlerts,
        EscalatedAlerts = value.EscalatedAlerts,
        Loading = value.Loading,
        QuarantinedHouseholds = value.QuarantinedHouseholds,
        QuarantinesEndingToday = value.QuarantinesEndingToday,
        QuarantinesOverdue = value.QuarantinesOverdue,
        ChecksDueToday = value.ChecksDueToday,
        ChecksDone = value.ChecksDone,
        ChecksMissed = value.ChecksMissed,
        CareOpen = value.CareOpen,
        CareOverdue = value.CareOverdue,
        CareDeliveredToday = value.CareDeliveredToday,
        CareDeliveryTimes = value.CareDeliveryTimes,
    };
}

[RegisterCopier]
public sealed class UnitSummaryCopier : ShallowCopier<UnitSummary>;

/// <summary>Orleans' form of <see cref="ResidentCounts"/>.</summary>
[GenerateSerializer, Immutable, Alias("canvass.ResidentCounts")]
public struct ResidentCountsSurrogate
{
    [Id(0)] public long Normal;
    [Id(1)] public long Fever;
    [Id(2)] public long KeyAreaObservation;
    [Id(3)] public long HomeQuarantine;
    [Id(4)] public long CentralQuarantine;
    [Id(5)] public long Suspected;
    [Id(6)] public long Confirmed;
}

[RegisterConverter]
public sealed class ResidentCountsConverter : IConverter<ResidentCounts, ResidentCountsSurrogate>
{
    public ResidentCounts ConvertFromSurrogate(in ResidentCountsSurrogate surrogate) =>
        new(surrogate.Normal, surrogate.Fever, surrogate.KeyAreaObservation, surrogate.HomeQuarantine, surrogate.CentralQuarantine, surrogate.Suspected, surrogate.Confirmed);

    public ResidentCountsSurrogate ConvertToSurrogate(in ResidentCounts value) => new()
    {
        Normal = value.Normal,
        Fever = value.Fever,
        KeyAreaObservation = value.KeyAreaObservation,
        HomeQuarantine = value.HomeQuarantine,
        CentralQuarantine = value.CentralQuarantine,
        Suspected = value.Suspected,
        Confirmed = value.Confirmed,
    };
}

[RegisterCopier]
public sealed class ResidentCountsCopier : ShallowCopier<ResidentCounts>;

/// <summary>Orleans' form of <see cref="QuarantineCounts"/>.</summary>
[GenerateSerializer, Immutable, Alias("canvass.QuarantineCounts")]
public struct QuarantineCountsSurrogate
{
    [Id(0)] public long HomeQuarantine;
    [Id(1)] public long KeyAreaObservation;
}

[RegisterConverter]
public sealed class QuarantineCountsConverter : IConverter<QuarantineCounts, QuarantineCountsSurrogate>
{
    public QuarantineCounts ConvertFromSurrogate(in QuarantineCountsSurrogate surrogate) => new(surrogate.HomeQuarantine, surrogate.KeyAreaObservation);

    public QuarantineCountsSurrogate ConvertToSurrogate(in QuarantineCounts value) => new() { HomeQuarantine = value.HomeQuarantine, KeyAreaObservation = value.KeyAreaObservation };
}

[RegisterCopier]
public sealed class QuarantineCountsCopier : ShallowCopier<QuarantineCounts>;

/// <summary>Orleans' form of a <see cref="UnitSnapshot"/>.</summary>
[GenerateSerializer, Immutable, Alias("canvass.UnitSnapshot")]
public struct UnitSnapshotSurrogate
{
    [Id(0)] public UnitSummary Unit;
    [Id(1)] public IReadOnlyList<UnitSummary> Children;
}

[RegisterConverter]
public sealed class UnitSnapshotConverter : IConverter<UnitSnapshot, UnitSnapshotSurrogate>
{
    public UnitSnapshot ConvertFromSurrogate(in UnitSnapshotSurrogate surrogate) => new(surrogate.Unit, surrogate.Children);

    public UnitSnapshotSurrogate ConvertToSurrogate(in UnitSnapshot value) => new() { Unit = value.Unit, Children = value.Children };
}

[RegisterCopier]
public sealed class UnitSnapshotCopier : ShallowCopier<UnitSnapshot>;
