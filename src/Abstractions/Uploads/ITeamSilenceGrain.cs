namespace Canvass.Abstractions.Uploads;

/// <summary>
/// The silence sweep of the deployment: raises a <c>teamSilent</c> alert at the site of a screening team that uploaded
/// during its shift and then nothing for <c>Uploads:SilentAfter</c>, and clears it when the team is heard from at
/// another site. One grain: call it with key 0.
/// </summary>
[Alias("canvass.ITeamSilenceGrain")]
public interface ITeamSilenceGrain : IGrainWithIntegerKey
{
    /// <summary>Looks now, as its timer does every <c>Uploads:CheckInterval</c>; returns once every team due was handled (or failed, to be tried at the next look).</summary>
    [Alias("Check")]
    Task CheckAsync();
}
