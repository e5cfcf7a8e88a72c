
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
