
namespace Canvass.Abstractions.Wire;

// The contract's enums between grains, each as its one byte; see UnitSurrogates.cs for why surrogates.

/// <summary>Orleans' form of a contract enum: its value.</summary>
[GenerateSerializer, Immutable, Alias("canvass.WireEnum")]
public struct EnumSurrogate
{
    [Id(0)] public byte Value;
}

[RegisterConverter]
public sealed class GapKindConverter : IConverter<GapKind, EnumSurrogate>
{
    public GapKind ConvertFromSurrogate(in EnumSurrogate surrogate) => (GapKind)surrogate.Value;

    public EnumSurrogate ConvertToSurrogate(in GapKind value) => new() { Value = (byte)value };
}

[RegisterConverter]
public sealed class ResidentStatusConverter : IConverter<ResidentStatus, EnumSurrogate>
{
    public ResidentStatus ConvertFromSurrogate(in EnumSurrogate surrogate) => (ResidentStatus)surrogate.Value;

    public EnumSurrogate ConvertToSurrogate(in ResidentStatus value) => new() { Value = (byte)value };
}

[RegisterConverter]
public sealed class ScreeningOutcomeConverter : IConverter<ScreeningOutcome, EnumSurrogate>
{
    public ScreeningOutcome ConvertFromSurrogate(in EnumSurrogate surrogate) => (ScreeningOutcome)surrogate.Value;

    public EnumSurrogate ConvertToSurrogate(in ScreeningOutcome value) => new() { Value = (byte)value };
}

[RegisterConverter]
public sealed class ReportStatusConverter : IConverter<ReportStatus, EnumSurrogate>
{
    public ReportStatus ConvertFromSurrogate(in EnumSurrogate surrogate) => (ReportStatus)surrogate.Value;

    public EnumSurrogate ConvertToSurrogate(in ReportStatus value) => new() { Value = (byte)value };
}

[RegisterConverter]
public sealed class QuarantineKindConverter : IConverter<QuarantineKind, EnumSurrogate>
{
    public QuarantineKind ConvertFromSurrogate(in EnumSurrogate surrogate) => (QuarantineKind)surrogate.Value;

    public EnumSurrogate ConvertToSurrogate(in QuarantineKind value) => new() { Value = (byte)value };
}

[RegisterConverter]
public sealed class CareCategoryConverter : IConverter<CareCategory, EnumSurrogate>
{
    public CareCategory ConvertFromSurrogate(in EnumSurrogate surrogate) => (CareCategory)surrogate.Value;

    public EnumSurrogate ConvertToSurrogate(in CareCategory value) => new() { Value = (byte)value };
}

[RegisterConverter]
public sealed class CareRequestStateConverter : IConverter<CareRequestState, EnumSurrogate>
{
    public CareRequestState ConvertFromSurrogate(in EnumSurrogate surrogate) => (CareRequestState)surrogate.Value;

    public EnumSurrogate ConvertToSurrogate(in CareRequestState value) => new() { Value = (byte)value };
}

[RegisterConverter]
public sealed class CareStepConverter : IConverter<CareStep, EnumSurrogate>
{
    public CareStep ConvertFromSurrogate(in EnumSurrogate surrogate) => (CareStep)surrogate.Value;

    public EnumSurrogate ConvertToSurrogate(in CareStep value) => new() { Value = (byte)value };
}

[RegisterConverter]
public sealed class CareListStateConverter : IConverter<CareListState, EnumSurrogate>
{
    public CareListState ConvertFromSurrogate(in EnumSurrogate surrogate) => (CareListState)surrogate.Value;

    public EnumSurrogate ConvertToSurrogate(in CareListState value) => new() { Value = (byte)value };
}

[RegisterConverter]
public sealed class ReadingStatusConverter : IConverter<ReadingStatus, EnumSurrogate>
{
    public ReadingStatus ConvertFromSurrogate(in EnumSurrogate surrogate) => (ReadingStatus)surrogate.Value;

    public EnumSurrogate ConvertToSurrogate(in ReadingStatus value) => new() { Value = (byte)value };
}
