import { Weighted, type Rng } from './random.js';

/**
 * Surnames with rough weights for Shanghai's resident population (national frequency lists, with the
 * local Jiangnan names 徐, 沈, 顾, 陆, 钱, 俞, 施, 姚 raised). Demo data: plausible, not statistics.
 */
const SURNAMES: [string, number][] = [
  ['张', 70],
  ['王', 68],
  ['李', 60],
  ['陈', 62],
  ['徐', 40],
  ['朱', 34],
  ['周', 34],
  ['刘', 40],
  ['杨', 30],
  ['吴', 30],
  ['黄', 26],
  ['沈', 24],
  ['顾', 20],
  ['陆', 20],
  ['孙', 20],
  ['胡', 20],
  ['钱', 14],
  ['金', 14],
  ['马', 14],
  ['郭', 12],
  ['赵', 16],
  ['高', 12],
  ['曹', 12],
  ['姚', 12],
  ['蒋', 12],
  ['施', 11],
  ['潘', 10],
  ['唐', 10],
  ['许', 10],
  ['汪', 10],
  ['范', 9],
  ['程', 8],
  ['俞', 8],
  ['袁', 8],
  ['丁', 8],
  ['邱', 6],
  ['宋', 8],
  ['彭', 6],
  ['韩', 6],
  ['戴', 7],
  ['叶', 8],
  ['何', 8],
  ['倪', 6],
  ['方', 7],
  ['龚', 6],
  ['蔡', 7],
  ['毛', 5],
  ['吕', 5],
  ['林', 9],
  ['郑', 8],
  ['谢', 6],
  ['董', 6],
  ['邵', 6],
  ['薛', 5],
  ['卢', 5],
  ['杜', 5],
  ['严', 5],
  ['夏', 5],
  ['钟', 4],
  ['任', 4],
  ['汤', 5],
  ['秦', 4],
  ['孔', 3],
  ['魏', 4],
  ['贾', 3],
  ['梁', 4],
  ['罗', 5],
  ['葛', 4],
  ['陶', 4],
  ['盛', 3],
  ['石', 3],
  ['苏', 4],
  ['冯', 4],
  ['卞', 2],
  ['谈', 2],
  ['翁', 3],
  ['浦', 2],
  ['乔', 2],
  ['欧阳', 1],
  ['诸葛', 0.2],
];

const surnames = new Weighted(
  SURNAMES.map((s) => s[0]),
  SURNAMES.map((s) => s[1]),
);

/** Given-name characters by birth cohort: 建国/秀英 for the old, 伟/静 for the middle, 梓轩/梓涵 for the young. */
const GIVEN = {
  M: [
    '根宝国华建国建华建平志明德明福生金生林生宝林荣根国强国平永康文龙庆华海林伯康耀祖兴国振华德兴',
    '伟强磊军勇杰涛斌超明华辉刚峰俊敏亮新东波飞宏鹏立晨斐卫峥晓春雷浩毅骏霖嵘旭鑫铭',
    '子轩浩然宇轩梓睿俊熙一鸣天佑嘉懿铭泽奕辰沐宸思远博文皓轩宇航景行承泽致远昊然逸凡诗尧',
  ],
  F: [
    '秀英桂英凤英美珍玉兰翠英金娣小妹月娥素珍琴芳彩凤宝娣雅琴丽华惠珍美华桂芳金凤巧英秀兰',
    '芳娜敏静丽艳娟霞燕玲婷雪琳洁红英梅兰萍慧颖倩怡欣佳蕾莉菁琼晶瑾文君海燕',
    '梓涵欣怡诗涵雨桐一诺语嫣紫萱思彤可馨佳怡若曦梦瑶雨萱芷若心怡安琪悦溪书瑶沐晴依诺',
  ],
} as const;

function characters(text: string): string[] {
  return Array.from(text);
}

const GIVEN_CHARS = {
  M: GIVEN.M.map(characters),
  F: GIVEN.F.map(characters),
};

export function pickSurname(rng: Rng): string {
  return surnames.pick(rng);
}

/** A one- or two-character given name for someone born in `birthYear`. */
export function pickGivenName(rng: Rng, sex: 'M' | 'F', birthYear: number): string {
  const cohort = birthYear < 1965 ? 0 : birthYear < 2000 ? 1 : 2;
  const chars = GIVEN_CHARS[sex][cohort];
  // Cohort 0 and 2 lists are written as two-character names; cohort 1 favours single characters.
  if (cohort !== 1) {
    const i = rng.int(chars.length >>> 1) * 2;
    if (rng.chance(0.15)) return chars[i];
    return rng.chance(0.7) ? chars[i] + chars[i + 1] : chars[i] + rng.pick(chars);
  }
  return rng.chance(0.35) ? rng.pick(chars) : rng.pick(chars) + rng.pick(chars);
}

/** Stems for road, estate and village names: 2 characters, unique within a street. */
const STEM_FIRST = characters('东西南北新金银锦华康福安永长明文和景春秀桃梅兰竹松柳杨枫龙凤嘉瑞德仁昌兴宏泰民光');
const STEM_SECOND = characters('华平安宁康乐兴明园林泉山湖港桥塘浦泾宅庄苑城阳新丰盛和顺荣春');

export function pickStems(rng: Rng, count: number): string[] {
  const total = STEM_FIRST.length * STEM_SECOND.length;
  const used = new Set<number>();
  const stems: string[] = [];
  while (stems.length < count && used.size < total) {
    const k = rng.int(total);
    if (used.has(k)) continue;
    used.add(k);
    const first = STEM_FIRST[Math.floor(k / STEM_SECOND.length)];
    const second = STEM_SECOND[k % STEM_SECOND.length];
    if (first !== second) stems.push(first + second);
  }
  return stems;
}

const ORDINALS = characters('一二三四五六七八九十');

export function ordinal(n: number): string {
  if (n <= 10) return ORDINALS[n - 1];
  if (n < 20) return `十${ORDINALS[n - 11]}`;
  return `${ORDINALS[Math.floor(n / 10) - 1]}十${n % 10 === 0 ? '' : ORDINALS[(n % 10) - 1]}`;
}
