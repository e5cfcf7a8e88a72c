// The strings of the console's download buttons (CSV and Excel exports), in English and Chinese; i18n.js merges
// them into its table.
export const exportStrings = {
  en: {
    "download.csv": "CSV",
    "download.xlsx": "Excel",
    "download.title": "Download {what} as {format}",
    "download.children": "the units below",
    "download.alerts": "the open alerts",
    "download.history": "the history of the last 24 h",
    "download.households": "the households",
    "download.historyLabel": "History, last 24 h",
    "download.failed": "Download failed: {detail}",
  },
  zh: {
    "download.csv": "CSV",
    "download.xlsx": "Excel",
    "download.title": "下载{what}（{format}）",
    "download.children": "下级单位",
    "download.alerts": "未关闭的预警",
    "download.history": "近 24 小时历史",
    "download.households": "住户",
    "download.historyLabel": "历史，近 24 小时",
    "download.failed": "下载失败：{detail}",
  },
};
