/** The Chinese names of this module's audit actions and objects, for the audit log (GET /labels). */
export const indicatorsAuditLabels = {
  auditAction: { 'indicators.month.freeze': '封存规划指标月末值', 'indicators.value.enter': '填报规划指标数值' },
  entityType: { indicator: '规划指标', month: '月份' },
};
