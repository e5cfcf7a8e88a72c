using System.Security.Claims;
using Canvass.Abstractions.Uploads;
using Canvass.Contracts.Reports;
using Canvass.Gateway.Auth;
using Canvass.Gateway.Docs;
using Canvass.Gateway.Hosting;
using Canvass.Gateway.Ingest;
using Canvass.Gateway.Limits;
using Canvass.Registry;

namespace Canvass.Gateway.Apis;

/// <summary>Upload receipts: one by id, a unit's list, and how late a unit's uploads came today.</summary>
public static class UploadsApi
{
    public static IEndpointRouteBuilder MapUploadsApi(this IEndpointRouteBuilder app)
    {
        var uploads = app.MapGroup("/api").RequirePermission(Permissions.ReadUploads).RequireReadLimit();
        uploads.MapGet("/uploads/{id}", GetAsync).WithName("GetUpload").WithTags("Ingest")
            .ProducesExample(UploadExamples.Receipt)
            .ProducesProblemExample(UnknownUpload(UploadExamples.ReceiptId));
        uploads.MapGet("/units/{id}/uploads", ListAsync).WithName("ListUploads").WithTags("Ingest")
            .ProducesExample<IReadOnlyList<UploadReceipt>>([UploadExamples.Receipt])
            .ProducesProblemExample(Problems.BadQuery(HistoryApi.NotADate("from", "2020-02-03T08:00:00")))
            .ProducesProblemExample(Problems.BadQuery($"limit '0' is not a whole number from 1 to {UploadLimits.MaxList}."))
            .ProducesProblemExample(Problems.UnknownUnit(ApiExamples.UnknownUnitId));
        uploads.MapGet("/units/{id}/upload-lag", LagAsync).WithName("GetUploadLag").WithTags("Ingest")
            .ProducesExample(UploadExamples.Lag)
            .ProducesProblemExample(Problems.UnknownUnit(ApiExamples.UnknownUnitId));
        return app;
    }

    /// <summary>One upload's receipt.</summary>
    /// <remarks>
    /// Every batch posted to an ingest route with at least one item accepted or a duplicate gets a receipt, stored
    /// before the reply names it (`receiptId`): who sent it (the token's subject), when it arrived, the range of
    /// observation times of its items, the counts, the sites, and each rejected item with its reason. A token sees a
    /// receipt whole when its unit holds every site of it, or when its subject sent it. When its unit holds only some
    /// of the sites, it sees the receipt `partial: true`: its own sites, no rejected items, the whole batch's counts.
    /// Any other is answered 404.
    /// </remarks>
    /// <param name="id" example="u-0170098a8c0070008000000000000001">The receipt's id, from the batch's reply.</param>
    /// <response code="200">The receipt.</response>
    /// <response code="404">No receipt has that id, or none of its sites is in the token's unit and another subject sent it.</response>
    internal static async Task<IResult> GetAsync(string id, ClaimsPrincipal user, UnitRegistry registry, UnitGrains grains)
    {
        if (id.Length > 64 || await grains.Uploads.GetAsync(id) is not { } receipt || AsSeenBy(receipt, user, registry) is not { } seen)
        {
            return UnknownUpload(id);
        }

        return Results.Ok(seen);
    }

    /// <summary>The receipts of uploads with an item for a site under the unit, newest first.</summary>
    /// <remarks>
    /// Received from `from` to `to` (ISO 8601 with an offset; without `from` the 24 hours up to `to`, without `to`
    /// up to now; at most 31 days), at most `limit` (1 to 1,000, default 100). A batch that also held sites outside the
    /// token's unit is listed `partial: true`, as `GET /api/uploads/{id}` shows it.
    /// </remarks>
    /// <param name="id" example="440304005021">The unit's id.</param>
    /// <param name="from" example="2020-02-03T08:00:00+08:00">Earliest arrival, ISO 8601 with an offset.</param>
    /// <param name="to" example="2020-02-03T18:00:00+08:00">Latest arrival, ISO 8601 with an offset; now when absent.</param>
    /// <param name="limit" example="100">Most receipts in the answer, 1 to 1,000; 100 when absent.</param>
    /// <response code="200">The receipts, newest first.</response>
    /// <response code="400">A date without an offset or not ISO 8601, `from` after `to`, a range over 31 days, or a limit outside 1..1,000.</response>
    /// <response code="404">The id is not in the registry or not in the token's unit.</response>
    internal static async Task<IResult> ListAsync(string id, string? from, string? to, string? limit, ClaimsPrincipal user, UnitRegistry registry, UnitGrains grains, ObservationClock clock)
    {
        var count = UploadLimits.DefaultList;
        if (limit is not null && (!int.TryParse(limit, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out count) || count is < 1 or > UploadLimits.MaxList))
        {
            return Problems.BadQuery($"limit '{limit}' is not a whole number from 1 to {UploadLimits.MaxList}.");
        }

        if (HistoryApi.ParseRange(from, to, clock.UtcNow, out var start, out var end) is { } badRange)
        {
            return badRange;
        }

        if (!registry.TryGetVisible(id, user, out _))
        {
            return Problems.UnknownUnit(id);
        }

        var receipts = await grains.Uploads.ListAsync(id, start, end, count);
        return Results.Ok(receipts.Select(receipt => AsSeenBy(receipt, user, registry)).OfType<UploadReceipt>().ToList());
    }

    /// <summary>How late the unit's uploads came today, per submitting subject and per site.</summary>
    /// <remarks>
    /// Today is the registry's day (its offset) on the screening clock. For each subject that uploaded for the unit's
    /// sites today, and each such site: how many uploads, the latest, and the median and 90th percentile of the lag
    /// (arrival − `screenedAt`, `at`, `start` or `requestedAt`) of the accepted items, in minutes; a clock ahead counts
    /// as no lag. Latest upload first. Reads at most 20,000 receipts (`truncated: true` beyond, the newest counted).
    /// A screener's subject that uploaded during `Uploads:Shift` and then nothing for `Uploads:SilentAfter` is also a
    /// `teamSilent` alert at the site of its latest upload (`GET /api/units/{id}/alerts`).
    /// </remarks>
    /// <param name="id" example="440304005021">The unit's id.</param>
    /// <response code="200">Today's lag of the unit's uploads.</response>
    /// <response code="404">The id is not in the registry or not in the token's unit.</response>
    internal static async Task<IResult> LagAsync(string id, ClaimsPrincipal user, UnitRegistry registry, UnitGrains grains, ObservationClock clock)
    {
        if (!registry.TryGetVisible(id, user, out _))
        {
            return Problems.UnknownUnit(id);
        }

        var local = registry.ToLocal(clock.UtcNow);
        var dayStart = new DateTimeOffset(local.Date, local.Offset);
        return Results.Ok(await grains.Uploads.LagAsync(id, DateOnly.FromDateTime(local.Date), dayStart, dayStart.AddDays(1)));
    }

    /// <summary>
    /// The receipt as the user may read it: whole to its sender and when the user's unit holds every site of it;
    /// trimmed to the user's sites when its unit holds some (the refusals may concern the others); null when none.
    /// </summary>
    private static UploadReceipt? AsSeenBy(UploadReceipt receipt, ClaimsPrincipal user, UnitRegistry registry)
    {
        if (receipt.Subject is { } sender && user.FindFirstValue(CanvassClaims.Subject) == sender)
        {
            return receipt;
        }

        if (registry.ScopeOf(user) is not { } scope)
        {
            return null;
        }

        var own = receipt.Sites.Where(site => registry.TryGetVisible(site, scope, out _)).ToList();
        return own.Count == receipt.Sites.Count ? receipt
            : own.Count == 0 ? null
            : receipt with { Sites = own, RejectedItems = [], Partial = true };
    }

    private static IResult UnknownUpload(string id) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown upload",
            detail: $"No upload receipt '{id}' is visible to this token.");
}
