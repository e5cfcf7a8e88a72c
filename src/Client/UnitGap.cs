namespace Canvass.Client;

/// <summary>
/// A unit whose updates the subscription missed while it was disconnected: it held <see cref="HeldVersion"/> and the
/// server had moved on to <see cref="CurrentVersion"/>. Raised by <see cref="CanvassSubscription.GapDetected"/> when a
/// reconnection's catch-up shows it, and by <see cref="CanvassSubscription.GapRepaired"/> once that version (or a
/// newer one) is applied.
/// </summary>
public sealed record UnitGap(string UnitId, long HeldVersion, long CurrentVersion);
