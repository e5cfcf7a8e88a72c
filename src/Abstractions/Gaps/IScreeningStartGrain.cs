namespace Canvass.Abstractions.Gaps;

/// <summary>
/// The deployment's screening start, as the silos decided it at their first start, for a gateway that checks report
/// times against it. A stateless worker: call it with key 0.
/// </summary>
[Alias("canvass.IScreeningStartGrain")]
public interface IScreeningStartGrain : IGrainWithIntegerKey
{
    [Alias("Get")]
    Task<DateTimeOffset> GetAsync();
}
