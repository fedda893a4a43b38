/** Chinese names of the 社会组织 codes, as src/socialorg/model.ts names them (the web app does not import server code). */
export const orgTypeLabels: Record<string, string> = { social_group: '社会团体', social_service: '社会服务机构', foundation: '基金会' };
export const statusLabels: Record<string, string> = {
  name_approved: '名称已核准',
  preparation_applied: '筹备申请待审',
  preparing: '筹备中',
  establishment_applied: '成立登记待审',
  registered: '已登记',
  liquidating: '清算中',
  deregistered: '已注销',
  revoked: '已撤销登记',
  rejected: '不予登记',
};
export const levelLabels: Record<string, string> = { city: '市级', district: '区级' };
export const modeLabels: Record<string, string> = { dual: '双重管理', direct: '直接登记' };
export const directCategoryLabels: Record<string, string> = { industry: '行业协会商会类', science: '科技类', charity: '公益慈善类', community: '城乡社区服务类' };
export const conclusionLabels: Record<string, string> = { pass: '合格', basic_pass: '基本合格', fail: '不合格' };
export const listLabels: Record<string, string> = { abnormal: '活动异常名录', serious: '严重违法失信名单' };
export const revocationLabels: Record<string, string> = { fraud: '弄虚作假骗取登记', illegal_activity: '从事违法活动，情节严重', no_activity: '自取得登记证书之日起1年未开展活动', annulled: '撤销成（设）立登记' };
export const SHANGHAI_DISTRICT_OPTIONS = [
  ['310101', '黄浦区'],
  ['310104', '徐汇区'],
  ['310105', '长宁区'],
  ['310106', '静安区'],
  ['310107', '普陀区'],
  ['310109', '虹口区'],
  ['310110', '杨浦区'],
  ['310112', '闵行区'],
  ['310113', '宝山区'],
  ['310114', '嘉定区'],
  ['310115', '浦东新区'],
  ['310116', '金山区'],
  ['310117', '松江区'],
  ['310118', '青浦区'],
  ['310120', '奉贤区'],
  ['310151', '崇明区'],
].map(([code, name]) => ({ value: `${code}000000`, label: name }));
export const districtLabel = (code: string) => SHANGHAI_DISTRICT_OPTIONS.find((d) => d.value === code)?.label ?? code;
