namespace Canvass.Bench.Campaign;

/// <summary>One of the campaign targets, what was measured against it, and whether it was met (null: could not tell).</summary>
public sealed record Verdict(string Target, string Measured, bool? Met);
