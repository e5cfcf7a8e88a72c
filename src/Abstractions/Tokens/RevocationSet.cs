namespace Canvass.Abstractions.Tokens;

/// <summary>Every revocation so far, and how many there are: a gateway that holds that count has them all.</summary>
[GenerateSerializer, Immutable, Alias("canvass.RevocationSet")]
public sealed record RevocationSet
{
    [Id(0)] public required IReadOnlyList<TokenRevocation> Revocations { get; init; }

    /// <summary>Grows by one per revocation (they are never removed), so it versions the set.</summary>
    [Id(1)] public int Count { get; init; }
}
