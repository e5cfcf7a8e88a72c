using Canvass.Contracts.Reports;

namespace Canvass.Gateway.Docs;

/// <summary>Examples of upload receipts and lag for the OpenAPI document: the batch of <see cref="ApiExamples.Ingested"/>.</summary>
internal static class UploadExamples
{
    public const string ReceiptId = "u-0170098a8c0070008b3e5f1c2d4a6e90";

    public static UploadReceipt Receipt { get; } = new(
        ReceiptId, "reports", "team-w88", ApiExamples.At(3, 10, 15), ApiExamples.At(3, 9, 40), ApiExamples.At(3, 10, 5),
        2, 0, 1, [ApiExamples.SiteId],
        [new UploadRejection(2, "r-20200203-w88-0003", "household 700 is outside 1..614, the registered households of site 440304005021-001.")]);

    public static UploadLagReport Lag { get; } = new(
        ApiExamples.CommunityId, new DateOnly(2020, 2, 3),
        [new UploadLag("team-w88", null, 6, ApiExamples.At(3, 10, 15), 22.5, 95.0), new UploadLag("team-w91", null, 2, ApiExamples.At(3, 9, 2), 4.0, 6.5)],
        [new UploadLag(null, ApiExamples.SiteId, 5, ApiExamples.At(3, 10, 15), 18.0, 91.5), new UploadLag(null, "440304005021-002", 3, ApiExamples.At(3, 9, 30), 9.5, 40.0)]);
}
