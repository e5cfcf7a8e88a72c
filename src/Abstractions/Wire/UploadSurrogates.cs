using Canvass.Contracts.Reports;
using Orleans.Serialization.Cloning;

namespace Canvass.Abstractions.Wire;

// Upload receipts and lag between grains; see UnitSurrogates.cs for why surrogates and why the ids never change.

/// <summary>Orleans' form of an <see cref="UploadReceipt"/>.</summary>
[GenerateSerializer, Immutable, Alias("canvass.UploadReceipt")]
public struct UploadReceiptSurrogate
{
    [Id(0)] public string Id;
    [Id(1)] public string Kind;
    [Id(2)] public string? Subject;
    [Id(3)] public DateTimeOffset ReceivedAt;
    [Id(4)] public DateTimeOffset? ScreenedFrom;
    [Id(5)] public DateTimeOffset? ScreenedTo;
    [Id(6)] public int Accepted;
    [Id(7)] public int Duplicates;
    [Id(8)] public int Rejected;
    [Id(9)] public IReadOnlyList<string> Sites;
    [Id(10)] public IReadOnlyList<UploadRejection> RejectedItems;
}

[RegisterConverter]
public sealed class UploadReceiptConverter : IConverter<UploadReceipt, UploadReceiptSurrogate>
{
    public UploadReceipt ConvertFromSurrogate(in UploadReceiptSurrogate s) =>
        new(s.Id, s.Kind, s.Subject, s.ReceivedAt, s.ScreenedFrom, s.ScreenedTo, s.Accepted, s.Duplicates, s.Rejected, s.Sites, s.RejectedItems);

    public UploadReceiptSurrogate ConvertToSurrogate(in UploadReceipt value) => new()
    {
        Id = value.Id,
        Kind = value.Kind,
        Subject = value.Subject,
        ReceivedAt = value.ReceivedAt,
        ScreenedFrom = value.ScreenedFrom,
        ScreenedTo = value.ScreenedTo,
        Accepted = value.Accepted,
        Duplicates = value.Duplicates,
        Rejected = value.Rejected,
        Sites = value.Sites,
        RejectedItems = value.RejectedItems,
    };
}

[RegisterCopier]
public sealed class UploadReceiptCopier : ShallowCopier<UploadReceipt>;

/// <summary>Orleans' form of an <see cref="UploadRejection"/>.</summary>
[GenerateSerializer, Immutable, Alias("canvass.UploadRejection")]
public struct UploadRejectionSurrogate
{
    [Id(0)] public int Index;
    [Id(1)] public string? ReportId;
    [Id(2)] public string Error;
    [Id(3)] public int? Row;
}

[RegisterConverter]
public sealed class UploadRejectionConverter : IConverter<UploadRejection, UploadRejectionSurrogate>
{
    public UploadRejection ConvertFromSurrogate(in UploadRejectionSurrogate s) => new(s.Index, s.ReportId, s.Error, s.Row);

    public UploadRejectionSurrogate ConvertToSurrogate(in UploadRejection value) =>
        new() { Index = value.Index, ReportId = value.ReportId, Error = value.Error, Row = value.Row };
}

[RegisterCopier]
public sealed class UploadRejectionCopier : ShallowCopier<UploadRejection>;

/// <summary>Orleans' form of an <see cref="UploadLagReport"/>.</summary>
[GenerateSerializer, Immutable, Alias("canvass.UploadLagReport")]
public struct UploadLagReportSurrogate
{
    [Id(0)] public string UnitId;
    [Id(1)] public DateOnly Date;
    [Id(2)] public IReadOnlyList<UploadLag> Subjects;
    [Id(3)] public IReadOnlyList<UploadLag> Sites;
    [Id(4)] public bool Truncated;
}

[RegisterConverter]
public sealed class UploadLagReportConverter : IConverter<UploadLagReport, UploadLagReportSurrogate>
{
    public UploadLagReport ConvertFromSurrogate(in UploadLagReportSurrogate s) => new(s.UnitId, s.Date, s.Subjects, s.Sites, s.Truncated);

    public UploadLagReportSurrogate ConvertToSurrogate(in UploadLagReport value) =>
        new() { UnitId = value.UnitId, Date = value.Date, Subjects = value.Subjects, Sites = value.Sites, Truncated = value.Truncated };
}

[RegisterCopier]
public sealed class UploadLagReportCopier : ShallowCopier<UploadLagReport>;

/// <summary>Orleans' form of an <see cref="UploadLag"/>.</summary>
[GenerateSerializer, Immutable, Alias("canvass.UploadLag")]
public struct UploadLagSurrogate
{
    [Id(0)] public string? Subject;
    [Id(1)] public string? SiteId;
    [Id(2)] public int Uploads;
    [Id(3)] public DateTimeOffset LastUploadAt;
    [Id(4)] public double? LagP50Minutes;
    [Id(5)] public double? LagP90Minutes;
}

[RegisterConverter]
public sealed class UploadLagConverter : IConverter<UploadLag, UploadLagSurrogate>
{
    public UploadLag ConvertFromSurrogate(in UploadLagSurrogate s) => new(s.Subject, s.SiteId, s.Uploads, s.LastUploadAt, s.LagP50Minutes, s.LagP90Minutes);

    public UploadLagSurrogate ConvertToSurrogate(in UploadLag value) => new()
    {
        Subject = value.Subject,
        SiteId = value.SiteId,
        Uploads = value.Uploads,
        LastUploadAt = value.LastUploadAt,
        LagP50Minutes = value.LagP50Minutes,
        LagP90Minutes = value.LagP90Minutes,
    };
}

[RegisterCopier]
public sealed class UploadLagCopier : ShallowCopier<UploadLag>;
