using System.Collections.Frozen;

namespace Canvass.Gateway.Exports;

/// <summary>
/// Column headers of the exports and the daily report's workbook in English and Chinese (<c>?lang=zh</c>), in the
/// wall's and console's terms. Keys are the JSON member names where a
/// column is one; the region chain's columns are the registry's level names (district, subdistrict, community…).
/// </summary>
public static class ExportHeaders
{
    private static readonly FrozenDictionary<string, (string En, string Zh)> Names = new Dictionary<string, (string, string)>
    {
        ["asOf"] = ("Figures as of", "数据时间"),
        ["date"] = ("Date", "日期"),
        ["cutOff"] = ("Cut-off", "截止时间"),
        ["lateHouseholdReports"] = ("Late household reports", "迟报入户报告"),
        ["lateCheckpointReports"] = ("Late checkpoint reports", "迟报卡口报告"),
        ["at"] = ("Time", "时间"),
        ["province"] = ("Province", "省"),
        ["city"] = ("City", "市"),
        ["district"] = ("District", "区"),
        ["subdistrict"] = ("Subdistrict", "街道"),
        ["community"] = ("Community", "社区"),
        ["code"] = ("Code", "编码"),
        ["name"] = ("Name", "名称"),
        ["level"] = ("Level", "层级"),
        ["provisional"] = ("Provisional", "暂定"),
        ["registeredHouseholds"] = ("Registered households", "登记户数"),
        ["screenedHouseholds"] = ("Screened households", "已排查户数"),
        ["absentHouseholds"] = ("Absent households", "不在家户数"),
        ["refusedHouseholds"] = ("Refused households", "拒绝户数"),
        ["coverage"] = ("Coverage %", "排查覆盖率 %"),
        ["residents.normal"] = ("Residents normal", "居民-正常"),
        ["residents.fever"] = ("Residents fever", "居民-发热"),
        ["residents.keyAreaObservation"] = ("Residents key-area observation", "居民-重点地区观察"),
        ["residents.homeQuarantine"] = ("Residents home quarantine", "居民-居家隔离"),
        ["residents.centralQuarantine"] = ("Residents central quarantine", "居民-集中隔离"),
        ["residents.suspected"] = ("Residents suspected", "居民-疑似"),
        ["residents.confirmed"] = ("Residents confirmed", "居民-确诊"),
        ["lastReportAt"] = ("Last report at", "最近上报时间"),
        ["sites"] = ("Sites", "小区数"),
        ["staleSites"] = ("Stale sites", "停滞小区"),
        ["closedSites"] = ("Closed sites", "封闭管理小区"),
        ["unstaffedSites"] = ("Unstaffed sites", "无人值守小区"),
        ["temperatureChecksLastHour"] = ("Temperature checks last hour", "近一小时测温人次"),
        ["openAlerts"] = ("Open alerts", "未关闭预警"),
        ["unacknowledgedAlerts"] = ("Unacknowledged alerts", "未认领预警"),
        ["escalatedAlerts"] = ("Escalated alerts", "已升级预警"),
        ["alertId"] = ("Alert id", "预警编号"),
        ["kind"] = ("Kind", "类型"),
        ["raisedAt"] = ("Raised at", "发出时间"),
        ["household"] = ("Household", "户号"),
        ["detail"] = ("Detail", "详情"),
        ["escalations"] = ("Escalations", "升级次数"),
        ["reachedUnitId"] = ("Reached unit", "已升级至"),
        ["acknowledgedBy"] = ("Acknowledged by", "认领人"),
        ["acknowledgementNote"] = ("Acknowledgement note", "处理说明"),
        ["acknowledgedAt"] = ("Acknowledged at", "认领时间"),
        ["outcome"] = ("Outcome", "结果"),
        ["screenedAt"] = ("Screened at", "排查时间"),
    }.ToFrozenDictionary();

    /// <summary>The header of a column key in a language (<c>en</c> or <c>zh</c>); a key not listed is its own header.</summary>
    public static string Of(string key, string lang) =>
        Names.TryGetValue(key, out var names) ? lang == "zh" ? names.Zh : names.En : key;

    /// <summary>Whether an export can be asked for in <paramref name="lang"/>.</summary>
    public static bool IsLanguage(string lang) => lang is "en" or "zh";
}
