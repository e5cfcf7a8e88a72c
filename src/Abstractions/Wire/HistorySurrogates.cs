using Orleans.Serialization.Cloning;

namespace Canvass.Abstractions.Wire;

// History points and case-places lists between grains; see UnitSurrogates.cs for why surrogates and why the ids never change.

/// <summary>Orleans' form of a <see cref="UnitHistoryPoint"/>.</summary>
[GenerateSerializer, Immutable, Alias("canvass.UnitHistoryPoint")]
public struct UnitHistoryPointSurrogate
{
    [Id(0)] public DateTimeOffset At;
    [Id(1)] public UnitSummary Summary;
    [Id(2)] public bool Provisional;
}

[RegisterConverter]
public sealed class UnitHistoryPointConverter : IConverter<UnitHistoryPoint, UnitHistoryPointSurrogate>
{
    public UnitHistoryPoint ConvertFromSurrogate(in UnitHistoryPointSurrogate surrogate) => new(surrogate.At, surrogate.Summary, surrogate.Provisional);

    public UnitHistoryPointSurrogate ConvertToSurrogate(in UnitHistoryPoint value) => new() { At = value.At, Summary = value.Summary, Provisional = value.Provisional };
}

[RegisterCopier]
public sealed class UnitHistoryPointCopier : ShallowCopier<UnitHistoryPoint>;

/// <summary>Orleans' form of a <see cref="CasePlace"/>.</summary>
[GenerateSerializer, Immutable, Alias("canvass.CasePlace")]
public struct CasePlaceSurrogate
{
    [Id(0)] public string SiteId;
    [Id(1)] public string SiteName;
    [Id(2)] public string? Kind;
    [Id(3)] public IReadOnlyList<string> Area;
}

[RegisterConverter]
public sealed class CasePlaceConverter : IConverter<CasePlace, CasePlaceSurrogate>
{
    public CasePlace ConvertFromSurrogate(in CasePlaceSurrogate surrogate) => new(surrogate.SiteId, surrogate.SiteName, surrogate.Kind, surrogate.Area);

    public CasePlaceSurrogate ConvertToSurrogate(in CasePlace value) => new() { SiteId = value.SiteId, SiteName = value.SiteName, Kind = value.Kind, Area = value.Area };
}

[RegisterCopier]
public sealed class CasePlaceCopier : ShallowCopier<CasePlace>;

/// <summary>Orleans' form of a <see cref="CasePlacesList"/>.</summary>
[GenerateSerializer, Immutable, Alias("canvass.CasePlacesList")]
public struct CasePlacesListSurrogate
{
    [Id(0)] public DateOnly Date;
    [Id(1)] public DateTimeOffset CutOff;
    [Id(2)] public DateTimeOffset PublishedAt;
    [Id(3)] public IReadOnlyList<CasePlace> Places;
    [Id(4)] public IReadOnlyList<CasePlacesCorrection> Corrections;
}

[RegisterConverter]
public sealed class CasePlacesListConverter : IConverter<CasePlacesList, CasePlacesListSurrogate>
{
    public CasePlacesList ConvertFromSurrogate(in CasePlacesListSurrogate surrogate) => new(surrogate.Date, surrogate.CutOff, surrogate.PublishedAt, surrogate.Places, surrogate.Corrections);

    public CasePlacesListSurrogate ConvertToSurrogate(in CasePlacesList value) =>
        new() { Date = value.Date, CutOff = value.CutOff, PublishedAt = value.PublishedAt, Places = value.Places, Corrections = value.Corrections };
}

[RegisterCopier]
public sealed class CasePlacesListCopier : ShallowCopier<CasePlacesList>;

/// <summary>Orleans' form of a <see cref="CasePlacesCorrection"/>.</summary>
[GenerateSerializer, Immutable, Alias("canvass.CasePlacesCorrection")]
public struct CasePlacesCorrectionSurrogate
{
    [Id(0)] public DateTimeOffset CutOff;
    [Id(1)] public DateTimeOffset PublishedAt;
    [Id(2)] public IReadOnlyList<CasePlace> Added;
    [Id(3)] public IReadOnlyList<CasePlace> Removed;
}

[RegisterConverter]
public sealed class CasePlacesCorrectionConverter : IConverter<CasePlacesCorrection, CasePlacesCorrectionSurrogate>
{
    public CasePlacesCorrection ConvertFromSurrogate(in CasePlacesCorrectionSurrogate surrogate) => new(surrogate.CutOff, surrogate.PublishedAt, surrogate.Added, surrogate.Removed);

    public CasePlacesCorrectionSurrogate ConvertToSurrogate(in CasePlacesCorrection value) =>
        new() { CutOff = value.CutOff, PublishedAt = value.PublishedAt, Added = value.Added, Removed = value.Removed };
}

[RegisterCopier]
public sealed class CasePlacesCorrectionCopier : ShallowCopier<CasePlacesCorrection>;
