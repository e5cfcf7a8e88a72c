using Orleans.Serialization.Cloning;

namespace Canvass.Abstractions.Wire;

// Quarantines, care requests and health readings between grains; see UnitSurrogates.cs for why surrogates and why
// the ids never change.

/// <summary>Orleans' form of a <see cref="Quarantine"/>.</summary>
[GenerateSerializer, Immutable, Alias("canvass.Quarantine")]
public struct QuarantineSurrogate
{
    [Id(0)] public string Id;
    [Id(1)] public string QuarantineId;
    [Id(2)] public string SiteId;
    [Id(3)] public int Household;
    [Id(4)] public QuarantineKind Kind;
    [Id(5)] public DateTimeOffset Start;
    [Id(6)] public DateTimeOffset PlannedEnd;
    [Id(7)] public int Residents;
    [Id(8)] public DateTimeOffset? EndedAt;
    [Id(9)] public bool EndsToday;
    [Id(10)] public bool Overdue;
    [Id(11)] public DateTimeOffset? NextCheckDueAt;
    [Id(12)] public DateTimeOffset? LastCheckAt;
    [Id(13)] public bool CheckMissed;
    [Id(14)] public int ChecksDoneToday;
    [Id(15)] public int ChecksDueToday;
}

[RegisterConverter]
public sealed class QuarantineConverter : IConverter<Quarantine, QuarantineSurrogate>
{
    public Quarantine ConvertFromSurrogate(in QuarantineSurrogate surrogate) => new()
    {
        Id = surrogate.Id,
        QuarantineId = surrogate.QuarantineId,
        SiteId = surrogate.SiteId,
        Household = surrogate.Household,
        Kind = surrogate.Kind,
        Start = surrogate.Start,
        PlannedEnd = surrogate.PlannedEnd,
        Residents = surrogate.Residents,
        EndedAt = surrogate.EndedAt,
        EndsToday = surrogate.EndsToday,
        Overdue = surrogate.Overdue,
        NextCheckDueAt = surrogate.NextCheckDueAt,
        LastCheckAt = surrogate.LastCheckAt,
        CheckMissed = surrogate.CheckMissed,
        ChecksDoneToday = surrogate.ChecksDoneToday,
        ChecksDueToday = surrogate.ChecksDueToday,
    };

    public QuarantineSurrogate ConvertToSurrogate(in Quarantine value) => new()
    {
        Id = value.Id,
        QuarantineId = value.QuarantineId,
        SiteId = value.SiteId,
        Household = value.Household,
        Kind = value.Kind,
        Start = value.Start,
        PlannedEnd = value.PlannedEnd,
        Residents = value.Residents,
        EndedAt = value.EndedAt,
        EndsToday = value.EndsToday,
        Overdue = value.Overdue,
        NextCheckDueAt = value.NextCheckDueAt,
        LastCheckAt = value.LastCheckAt,
        CheckMissed = value.CheckMissed,
        ChecksDoneToday = value.ChecksDoneToday,
        ChecksDueToday = value.ChecksDueToday,
    };
}

[RegisterCopier]
public sealed class QuarantineCopier : ShallowCopier<Quarantine>;

/// <summary>Orleans' form of a <see cref="CareRequest"/>.</summary>
[GenerateSerializer, Immutable, Alias("canvass.CareRequest")]
public struct CareRequestSurrogate
{
    [Id(0)] public string Id;
    [Id(1)] public string CareId;
    [Id(2)] public string SiteId;
    [Id(3)] public int Household;
    [Id(4)] public CareCategory Category;
    [Id(5)] public string? Note;
    [Id(6)] public CareRequestState State;
    [Id(7)] public DateTimeOffset RequestedAt;
    [Id(8)] public DateTimeOffset DueBy;
    [Id(9)] public bool Overdue;
    [Id(10)] public IReadOnlyList<CareHistoryEntry> History;
}

[RegisterConverter]
public sealed class CareRequestConverter : IConverter<CareRequest, CareRequestSurrogate>
{
    public CareRequest ConvertFromSurrogate(in CareRequestSurrogate surrogate) => new()
    {
        Id = surrogate.Id,
        CareId = surrogate.CareId,
        SiteId = surrogate.SiteId,
        Household = surrogate.Household,
        Category = surrogate.Category,
        Note = surrogate.Note,
        State = surrogate.State,
        RequestedAt = surrogate.RequestedAt,
        DueBy = surrogate.DueBy,
        Overdue = surrogate.Overdue,
        History = surrogate.History ?? [],
    };

    public CareRequestSurrogate ConvertToSurrogate(in CareRequest value) => new()
    {
        Id = value.Id,
        CareId = value.CareId,
        SiteId = value.SiteId,
        Household = value.Household,
        Category = value.Category,
        Note = value.Note,
        State = value.State,
        RequestedAt = value.RequestedAt,
        DueBy = value.DueBy,
        Overdue = value.Overdue,
        History = value.History,
    };
}

[RegisterCopier]
public sealed class CareRequestCopier : ShallowCopier<CareRequest>;

/// <summary>Orleans' form of a <see cref="CareHistoryEntry"/>.</summary>
[GenerateSerializer, Immutable, Alias("canvass.CareHistoryEntry")]
public struct CareHistoryEntrySurrogate
{
    [Id(0)] public CareStep Step;
    [Id(1)] public DateTimeOffset At;
    [Id(2)] public string? Subject;
    [Id(3)] public string? Reason;
}

[RegisterConverter]
public sealed class CareHistoryEntryConverter : IConverter<CareHistoryEntry, CareHistoryEntrySurrogate>
{
    public CareHistoryEntry ConvertFromSurrogate(in CareHistoryEntrySurrogate surrogate) => new(surrogate.Step, surrogate.At, surrogate.Subject, surrogate.Reason);

    public CareHistoryEntrySurrogate ConvertToSurrogate(in CareHistoryEntry value) => new() { Step = value.Step, At = value.At, Subject = value.Subject, Reason = value.Reason };
}

[RegisterCopier]
public sealed class CareHistoryEntryCopier : ShallowCopier<CareHistoryEntry>;

/// <summary>Orleans' form of a <see cref="HealthReading"/>.</summary>
[GenerateSerializer, Immutable, Alias("canvass.HealthReading")]
public struct HealthReadingSurrogate
{
    [Id(0)] public ReadingStatus Status;
    [Id(1)] public double? Temperature;
}

[RegisterConverter]
public sealed class HealthReadingConverter : IConverter<HealthReading, HealthReadingSurrogate>
{
    public HealthReading ConvertFromSurrogate(in HealthReadingSurrogate surrogate) => new(surrogate.Status, surrogate.Temperature);

    public HealthReadingSurrogate ConvertToSurrogate(in HealthReading value) => new() { Status = value.Status, Temperature = value.Temperature };
}

[RegisterCopier]
public sealed class HealthReadingCopier : ShallowCopier<HealthReading>;
