/** Chinese names of the funeral line's codes (the server's model.ts holds the same lists). */
export const deathSourceLabels: Record<string, string> = { hospital: '医院（死亡医学证明）', police: '公安（死亡确认）', caseworker: '街镇社工（居家死亡）', collection: '殡仪馆（遗体接运）', registry: '人口库死亡登记' };
export const noticeStatusLabels: Record<string, string> = { first: '首次通报', attached: '已附证明', review: '日期不一致，待核实' };
export const unitKindLabels: Record<string, string> = {
  funeral_home: '殡仪馆',
  cemetery_commercial: '经营性公墓',
  cemetery_public: '公益性公墓',
  burial_ground_public: '公益性埋葬地',
  columbarium: '骨灰堂',
  service_station: '殡仪服务站',
  sea_burial: '海葬服务机构',
  agency: '殡葬代理服务机构',
};
export const priceCategoryLabels: Record<string, string> = { government: '政府定价', guided: '政府指导价', market: '市场调节价' };
export const subsidyKindLabels: Record<string, string> = { basic: '基本殡葬服务补贴', sea: '海葬补贴', tree: '树葬补贴', lawn: '草坪葬补贴', flower_bed: '花坛葬补贴', wall: '壁葬补贴' };
export const burialTypeLabels: Record<string, string> = { traditional: '传统墓', wall: '壁葬', tree: '树葬', flower_bed: '花坛葬', lawn: '草坪葬', sea: '海葬', deep: '深埋', niche: '室内格位', joint: '家庭合葬' };
export const groundLabels: Record<string, string> = { youfu: '重点优抚对象', regular_relief: '民政定期定量生活补助对象', no_insurance_grant: '未享受社保丧葬费补贴人员' };
export const basicItemLabels: Record<string, string> = { transport: '遗体接运', storage: '遗体冷藏', cremation: '平板炉火化', ash_storage: '骨灰寄存' };
export const findingCategoryLabels: Record<string, string> = { contracts: '服务合同', management: '内部管理', ash_storage: '骨灰存放', goods: '殡葬用品', advertising: '广告宣传', price_labelling: '明码标价' };
export const inspectionKindLabels: Record<string, string> = { random: '双随机抽查', routine: '日常检查', special: '专项检查', complaint: '投诉核查' };
export const complaintChannelLabels: Record<string, string> = { hotline: '12345 热线', letter: '来信', online: '网上投诉', walk_in: '来访' };
export const complaintStatusLabels: Record<string, string> = { open: '办理中', overdue: '已超期未办结', on_time: '按期办结', late: '超期办结' };
export const findingStatusLabels: Record<string, string> = { open: '待整改', rectified: '已整改待复核', verified: '已复核销号', reopened: '复核未通过重新整改' };
