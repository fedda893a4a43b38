/**
 * County-level divisions outside Shanghai used as 户籍地 of residents without Shanghai registration, weighted
 * roughly by the origin shares of Shanghai's migrant population (2020 census: 安徽, 江苏, 河南, 四川 … lead).
 * Codes are GB/T 2260; each county brings its province and prefecture rows into registry.divisions.
 */
export interface OutsideCounty {
  code6: string;
  name: string;
  prefecture: string;
  province: string;
  weight: number;
}

const PROVINCES: Record<string, [string, number]> = {
  '34': ['安徽省', 29],
  '32': ['江苏省', 16],
  '41': ['河南省', 9],
  '51': ['四川省', 6],
  '36': ['江西省', 5],
  '33': ['浙江省', 5],
  '42': ['湖北省', 4.5],
  '37': ['山东省', 4],
  '43': ['湖南省', 3],
  '35': ['福建省', 2],
  '52': ['贵州省', 1.5],
  '62': ['甘肃省', 1],
  '23': ['黑龙江省', 1],
};

const PREFECTURES: Record<string, string> = {
  '3412': '阜阳市',
  '3415': '六安市',
  '3408': '安庆市',
  '3413': '宿州市',
  '3209': '盐城市',
  '3206': '南通市',
  '3203': '徐州市',
  '3213': '宿迁市',
  '3212': '泰州市',
  '4114': '商丘市',
  '4116': '周口市',
  '4115': '信阳市',
  '4117': '驻马店市',
  '5113': '南充市',
  '5119': '巴中市',
  '5117': '达州市',
  '3611': '上饶市',
  '3604': '九江市',
  '3303': '温州市',
  '3310': '台州市',
  '4211': '黄冈市',
  '4209': '孝感市',
  '3713': '临沂市',
  '3717': '菏泽市',
  '4309': '益阳市',
  '3505': '泉州市',
  '5203': '遵义市',
  '6205': '天水市',
  '2301': '哈尔滨市',
};

const COUNTIES: [string, string][] = [
  ['341221', '临泉县'],
  ['341222', '太和县'],
  ['341225', '阜南县'],
  ['341226', '颍上县'],
  ['341522', '霍邱县'],
  ['341523', '舒城县'],
  ['340822', '怀宁县'],
  ['340825', '太湖县'],
  ['340826', '宿松县'],
  ['341321', '砀山县'],
  ['341322', '萧县'],
  ['341323', '灵璧县'],
  ['341324', '泗县'],
  ['320923', '阜宁县'],
  ['320924', '射阳县'],
  ['320925', '建湖县'],
  ['320681', '启东市'],
  ['320682', '如皋市'],
  ['320321', '丰县'],
  ['320322', '沛县'],
  ['320324', '睢宁县'],
  ['321322', '沭阳县'],
  ['321323', '泗阳县'],
  ['321324', '泗洪县'],
  ['321281', '兴化市'],
  ['411421', '民权县'],
  ['411422', '睢县'],
  ['411425', '虞城县'],
  ['411426', '夏邑县'],
  ['411621', '扶沟县'],
  ['411622', '西华县'],
  ['411623', '商水县'],
  ['411625', '郸城县'],
  ['411628', '鹿邑县'],
  ['411525', '固始县'],
  ['411526', '潢川县'],
  ['411527', '淮滨县'],
  ['411721', '西平县'],
  ['411722', '上蔡县'],
  ['411723', '平舆县'],
  ['511321', '南部县'],
  ['511322', '营山县'],
  ['511324', '仪陇县'],
  ['511921', '通江县'],
  ['511922', '南江县'],
  ['511923', '平昌县'],
  ['511722', '宣汉县'],
  ['511724', '大竹县'],
  ['511725', '渠县'],
  ['361127', '余干县'],
  ['361128', '鄱阳县'],
  ['361129', '万年县'],
  ['360428', '都昌县'],
  ['360429', '湖口县'],
  ['330381', '瑞安市'],
  ['330382', '乐清市'],
  ['331081', '温岭市'],
  ['331082', '临海市'],
  ['421122', '红安县'],
  ['421123', '罗田县'],
  ['421125', '浠水县'],
  ['421126', '蕲春县'],
  ['421127', '黄梅县'],
  ['420921', '孝昌县'],
  ['420922', '大悟县'],
  ['371321', '沂南县'],
  ['371322', '郯城县'],
  ['371323', '沂水县'],
  ['371721', '曹县'],
  ['371722', '单县'],
  ['430921', '南县'],
  ['430922', '桃江县'],
  ['430923', '安化县'],
  ['350521', '惠安县'],
  ['350524', '安溪县'],
  ['350582', '晋江市'],
  ['350583', '南安市'],
  ['520322', '桐梓县'],
  ['620523', '甘谷县'],
  ['620524', '武山县'],
  ['230102', '道里区'],
  ['230103', '南岗区'],
];

const countiesPerProvince = new Map<string, number>();
for (const [code] of COUNTIES) countiesPerProvince.set(code.slice(0, 2), (countiesPerProvince.get(code.slice(0, 2)) ?? 0) + 1);

export const OUTSIDE_COUNTIES: OutsideCounty[] = COUNTIES.map(([code6, name]) => {
  const [province, provinceWeight] = PROVINCES[code6.slice(0, 2)];
  return {
    code6,
    name,
    prefecture: PREFECTURES[code6.slice(0, 4)],
    province,
    weight: provinceWeight / (countiesPerProvince.get(code6.slice(0, 2)) ?? 1),
  };
});

export interface DivisionRow {
  code: string;
  name: string;
  level: 'province' | 'prefecture' | 'district' | 'street' | 'committee';
  kind: string;
  parent: string | null;
}

/** Province, prefecture and county rows for the outside counties (each once). */
export function outsideDivisionRows(): DivisionRow[] {
  const rows = new Map<string, DivisionRow>();
  for (const c of OUTSIDE_COUNTIES) {
    const p = `${c.code6.slice(0, 2)}0000000000`;
    const f = `${c.code6.slice(0, 4)}00000000`;
    rows.set(p, { code: p, name: c.province, level: 'province', kind: '省', parent: null });
    rows.set(f, { code: f, name: c.prefecture, level: 'prefecture', kind: '地级市', parent: p });
    const kind = c.name.endsWith('区') ? '市辖区' : c.name.endsWith('市') ? '县级市' : '县';
    rows.set(`${c.code6}000000`, { code: `${c.code6}000000`, name: c.name, level: 'district', kind, parent: f });
  }
  return [...rows.values()];
}
