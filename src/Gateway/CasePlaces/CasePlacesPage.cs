using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Canvass.Abstractions.CasePlaces;

namespace Canvass.Gateway.CasePlaces;

/// <summary>The published list as a plain page: readable without JavaScript, printable, in Chinese and English.</summary>
internal static class CasePlacesPage
{
    public static string Render(DateOnly date, CasePlacesList? list, TimeOnly cutOff)
    {
        var html = HtmlEncoder.Default;
        var day = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var page = new StringBuilder();
        page.Append("<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<link rel=\"icon\" href=\"data:,\"><title>确诊病例活动场所 · Places visited by confirmed cases · ").Append(day).Append("</title>")
            .Append("<style>body{font-family:\"Noto Sans CJK SC\",\"WenQuanYi Micro Hei\",\"Microsoft YaHei\",\"PingFang SC\",sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.5}")
            .Append("table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ccc;padding:.4rem;text-align:left}nav a{margin-right:1rem}.meta{color:#555}</style></head><body>")
            .Append("<h1>确诊病例活动场所 <small>Places visited by confirmed cases</small></h1>")
            .Append("<nav><a href=\"/case-places?date=").Append(date.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append("\">← 前一天 previous day</a>")
            .Append("<a href=\"/case-places?date=").Append(date.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append("\">后一天 next day →</a>")
            .Append("<a href=\"/api/public/case-places?date=").Append(day).Append("\">JSON</a></nav>")
            .Append("<h2 data-date=\"").Append(day).Append("\">").Append(day).Append("</h2>");
        if (list is null)
        {
            page.Append("<p id=\"not-published\">尚未发布。每日 ").Append(cutOff.ToString("HH:mm", CultureInfo.InvariantCulture))
                .Append(" 发布前一日名单。 Not published yet: each day's list is published at ")
                .Append(cutOff.ToString("HH:mm", CultureInfo.InvariantCulture)).Append(" the next day.</p>");
        }
        else
        {
            page.Append("<p class=\"meta\">发布于 Published ").Append(html.Encode(list.PublishedAt.ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture)))
                .Append(" · ").Append(list.Places.Count).Append(" 处 places</p>");
            Table(page, html, list.Places, "places");
            foreach (var correction in list.Corrections)
            {
                page.Append("<h3>更正 Correction · ").Append(html.Encode(correction.PublishedAt.ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture))).Append("</h3>");
                if (correction.Added.Count > 0)
                {
                    page.Append("<p>增加 Added</p>");
                    Table(page, html, correction.Added, "added");
                }

                if (correction.Removed.Count > 0)
                {
                    page.Append("<p>删除 Removed</p>");
                    Table(page, html, correction.Removed, "removed");
                }
            }
        }

        return page.Append("<p class=\"meta\">仅列出场所，不含任何个人信息。 Places only: nothing personal is recorded.</p></body></html>").ToString();
    }

    private static void Table(StringBuilder page, HtmlEncoder html, IReadOnlyList<CasePlace> places, string kind)
    {
        page.Append("<table data-list=\"").Append(kind).Append("\"><thead><tr><th>场所 Place</th><th>所在 Area</th></tr></thead><tbody>");
        foreach (var place in places)
        {
            page.Append("<tr data-site=\"").Append(html.Encode(place.SiteId)).Append("\"><td>").Append(html.Encode(place.SiteName))
                .Append("</td><td>").Append(html.Encode(string.Join(" · ", place.Area))).Append("</td></tr>");
        }

        page.Append("</tbody></table>");
    }
}
