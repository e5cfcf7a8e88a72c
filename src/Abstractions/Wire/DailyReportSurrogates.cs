using Orleans.Serialization.Cloning;

namespace Canvass.Abstractions.Wire;

// Daily reports between grains; see UnitSurrogates.cs for why surrogates and why the ids never change.

/// <summary>Orleans' form of a <see cref="DailyReport"/>.</summary>
[GenerateSerializer, Immutable, Alias("canvass.DailyReport")]
public struct DailyReportSurrogate
{
    [Id(0)] public DateOnly Date;
    [Id(1)] public DateTimeOffset CutOff;
    [Id(2)] public DateTimeOffset PublishedAt;
    [Id(3)] public UnitSummary Unit;
    [Id(4)] public IReadOnlyList<UnitSummary> Children;
    [Id(5)] public long LateHouseholds;
    [Id(6)] public long LateCheckpoints;
}

[RegisterConverter]
public sealed class DailyReportConverter : IConverter<DailyReport, DailyReportSurrogate>
{
    public DailyReport ConvertFromSurrogate(in DailyReportSurrogate surrogate) =>
        new(surrogate.Date, surrogate.CutOff, surrogate.PublishedAt, surrogate.Unit, surrogate.Children, new LateArrivalCounts(surrogate.LateHouseholds, surrogate.LateCheckpoints));

    public DailyReportSurrogate ConvertToSurrogate(in DailyReport value) => new()
    {
        Date = value.Date, CutOff = value.CutOff, PublishedAt = value.PublishedAt, Unit = value.Unit, Children = value.Children,
        LateHouseholds = value.LateForPreviousDay.Households, LateCheckpoints = value.LateForPreviousDay.Checkpoints,
    };
}

[RegisterCopier]
public sealed class DailyReportCopier : ShallowCopier<DailyReport>;

/// <summary>Orleans' form of a <see cref="DailyReportDate"/>.</summary>
[GenerateSerializer, Immutable, Alias("canvass.DailyReportDate")]
public struct DailyReportDateSurrogate
{
    [Id(0)] public DateOnly Date;
    [Id(1)] public DateTimeOffset CutOff;
    [Id(2)] public DateTimeOffset PublishedAt;
}

[RegisterConverter]
public sealed class DailyReportDateConverter : IConverter<DailyReportDate, DailyReportDateSurrogate>
{
    public DailyReportDate ConvertFromSurrogate(in DailyReportDateSurrogate surrogate) => new(surrogate.Date, surrogate.CutOff, surrogate.PublishedAt);

    public DailyReportDateSurrogate ConvertToSurrogate(in DailyReportDate value) => new() { Date = value.Date, CutOff = value.CutOff, PublishedAt = value.PublishedAt };
}

[RegisterCopier]
public sealed class DailyReportDateCopier : ShallowCopier<DailyReportDate>;
