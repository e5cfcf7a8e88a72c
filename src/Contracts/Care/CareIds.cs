namespace Canvass.Contracts.Care;

/// <summary>
/// How a quarantine's or care request's path id is written: <c>&lt;site&gt;~&lt;client id&gt;</c>. The site comes
/// first, so the server knows which site to ask (and whether the caller may see it) from the id alone, as with
/// <see cref="Gaps.AlertIds"/>; the client's id stays the idempotency key.
/// </summary>
public static class CareIds
{
    private const char Separator = '~';

    /// <summary>The path id of the client id <paramref name="id"/> at <paramref name="siteId"/>.</summary>
    public static string Format(string siteId, string id)
    {
        ArgumentException.ThrowIfNullOrEmpty(siteId);
        ArgumentException.ThrowIfNullOrEmpty(id);
        return string.Concat(siteId, "~", id);
    }

    /// <summary>Splits a path id at its first tilde (site ids have none); false when either part is empty.</summary>
    public static bool TryParse(string id, out string siteId, out string localId)
    {
        ArgumentNullException.ThrowIfNull(id);
        var at = id.IndexOf(Separator, StringComparison.Ordinal);
        if (at <= 0 || at == id.Length - 1)
        {
            (siteId, localId) = ("", "");
            return false;
        }

        (siteId, localId) = (id[..at], id[(at + 1)..]);
        return true;
    }
}
