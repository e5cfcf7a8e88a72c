using Orleans.Serialization.Cloning;

namespace Canvass.Abstractions.Wire;

// Gap alerts between grains; see UnitSurrogates.cs for why surrogates and why the ids never change.

/// <summary>Orleans' form of a <see cref="GapAlert"/>.</summary>
[GenerateSerializer, Immutable, Alias("canvass.GapAlert")]
public struct GapAlertSurrogate
{
    [Id(0)] public string Id;
    [Id(1)] public string SiteId;
    [Id(2)] public string SiteName;
    [Id(3)] public string CommunityId;
    [Id(4)] public GapKind Kind;
    [Id(5)] public DateTimeOffset RaisedAt;
    [Id(6)] public int? Household;
    [Id(7)] public string Detail;
    [Id(8)] public int Escalations;
    [Id(9)] public string ReachedUnitId;
    [Id(10)] public AlertAcknowledgement? Acknowledgement;
}

[RegisterConverter]
public sealed class GapAlertConverter : IConverter<GapAlert, GapAlertSurrogate>
{
    public GapAlert ConvertFromSurrogate(in GapAlertSurrogate surrogate) => new()
    {
        Id = surrogate.Id,
        SiteId = surrogate.SiteId,
        SiteName = surrogate.SiteName,
        CommunityId = surrogate.CommunityId,
        Kind = surrogate.Kind,
        RaisedAt = surrogate.RaisedAt,
        Household = surrogate.Household,
        Detail = surrogate.Detail,
        Escalations = surrogate.Escalations,
        ReachedUnitId = surrogate.ReachedUnitId,
        Acknowledgement = surrogate.Acknowledgement,
    };

    public GapAlertSurrogate ConvertToSurrogate(in GapAlert value) => new()
    {
        Id = value.Id,
        SiteId = value.SiteId,
        SiteName = value.SiteName,
        CommunityId = value.CommunityId,
        Kind = value.Kind,
        RaisedAt = value.RaisedAt,
        Household = value.Household,
        Detail = value.Detail,
        Escalations = value.Escalations,
        ReachedUnitId = value.ReachedUnitId,
        Acknowledgement = value.Acknowledgement,
    };
}

[RegisterCopier]
public sealed class GapAlertCopier : ShallowCopier<GapAlert>;

/// <summary>Orleans' form of an <see cref="AlertAcknowledgement"/>.</summary>
[GenerateSerializer, Immutable, Alias("canvass.AlertAcknowledgement")]
public struct AlertAcknowledgementSurrogate
{
    [Id(0)] public string By;
    [Id(1)] public string Note;
    [Id(2)] public DateTimeOffset At;
    [Id(3)] public string? Subject;
}

[RegisterConverter]
public sealed class AlertAcknowledgementConverter : IConverter<AlertAcknowledgement, AlertAcknowledgementSurrogate>
{
    public AlertAcknowledgement ConvertFromSurrogate(in AlertAcknowledgementSurrogate surrogate) => new(surrogate.By, surrogate.Note, surrogate.At, surrogate.Subject);

    public AlertAcknowledgementSurrogate ConvertToSurrogate(in AlertAcknowledgement value) => new() { By = value.By, Note = value.Note, At = value.At, Subject = value.Subject };
}

[RegisterCopier]
public sealed class AlertAcknowledgementCopier : ShallowCopier<AlertAcknowledgement>;
