namespace Canvass.Grains.Uploads;

/// <summary>A site event: the silence sweep found a team silent since its latest upload, made to this site.</summary>
/// <param name="Subject">The team: its token's subject.</param>
/// <param name="SinceUtcTicks">Its latest upload's arrival.</param>
/// <param name="FactUnixMs">The instant its alert is keyed on: the upload's millisecond, moved on past another team's at the site.</param>
public sealed record TeamWentSilent(string Subject, long SinceUtcTicks, long FactUnixMs);

/// <summary>A site event: a team silent here since <see cref="SinceUtcTicks"/> uploaded again, to another site.</summary>
public sealed record TeamHeardFrom(string Subject, long SinceUtcTicks, long HeardAtUtcTicks);
