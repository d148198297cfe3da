import { randomUUID } from 'node:crypto';
import bcrypt from 'bcryptjs';
import type { Db, DbOrTx, Tx } from './client';
import { seedPromisedDays } from './seed-conditional';
import { seedCitizenDemo } from './seed-citizen';
import {
  type CounterKind,
  type CounterStatus,
  type OpeningPeriod,
  type ServiceGuide,
  type ServiceKind,
  type StaffRole,
  counterServices,
  counters,
  defaultHallSettings,
  halls,
  services,
  staff,
} from './schema';
import { seedLeaderDistrict } from './seed-leader';

export interface SeedOptions {
  /** The one password of every demo account. */
  password: string;
  /** bcrypt cost; 10 unless told (tests use 4). */
  passwordHashRounds?: number;
}

interface ServiceSeed {
  prefix: string;
  name: string;
  kind?: ServiceKind;
  guide: ServiceGuide;
  openingHours: OpeningPeriod[];
  typicalServiceMinutes: number;
  dailyCap?: number | null;
  instantApproval?: boolean;
}

interface CounterSeed {
  number: number;
  name: string;
  kind: CounterKind;
  status: CounterStatus;
  /** Prefixes of the services this counter serves. */
  serves: string[];
}

interface StaffSeed {
  username: string;
  displayName: string;
  role: StaffRole;
  /** Number of the counter the account is bound to. */
  counter?: number;
}

interface HallSeed {
  slug: string;
  name: string;
  address: string;
  services: ServiceSeed[];
  counters: CounterSeed[];
  staff: StaffSeed[];
  /** Scrolling notices on the hall TV. */
  notices: string[];
  /** The leader on duty on every day the roster leaves open (领导值班). */
  dutyLeader: string;
}

const WEEKDAYS = [1, 2, 3, 4, 5];

/** Monday to Friday, 09:00–12:00 and 13:30–17:00. */
const weekdayHours: OpeningPeriod[] = [
  { weekdays: WEEKDAYS, from: '09:00', to: '12:00' },
  { weekdays: WEEKDAYS, from: '13:30', to: '17:00' },
];

/** Weekday hours plus Saturday morning. */
const withSaturdayMorning: OpeningPeriod[] = [...weekdayHours, { weekdays: [6], from: '09:00', to: '12:00' }];

const hours = (periods: OpeningPeriod[]): OpeningPeriod[] => periods.map((p) => ({ ...p, weekdays: [...p.weekdays] }));

// ---------------------------------------------------------------------------
// Service guides
// ---------------------------------------------------------------------------

const guideEnterprise: ServiceGuide = {
  materials: [
    '《公司登记（备案）申请书》（全体股东或法定代表人签字）',
    '公司章程（有限责任公司由全体股东签署）',
    '股东为自然人的，提交身份证原件及复印件；股东为企业的，提交《营业执照》副本复印件（加盖公章）',
    '法定代表人、董事、监事和经理的任职文件及身份证件复印件',
    '住所（经营场所）使用证明：自有房产提交不动产权证书复印件，租赁房屋提交租赁合同及出租方产权证明',
    '《指定代表或者共同委托代理人授权委托书》及被委托人身份证原件',
  ],
  conditions: [
    '企业名称已通过海南省企业名称自主申报系统完成申报',
    '住所（经营场所）真实有效，符合登记管理规定',
  ],
  timeLimit: '法定15个工作日，承诺0.5个工作日',
  fees: '不收费（新开办企业首套印章免费刻制）',
  notes: '营业执照、印章刻制、发票申领、社保登记、银行预约开户可一窗通办；也可通过“海南e登记”网上全程办理。',
};

const guideConstruction: ServiceGuide = {
  materials: [
    '《建筑工程施工许可证申请表》（建设单位盖章）',
    '《建设工程规划许可证》复印件',
    '中标通知书或直接发包的批准文件',
    '施工合同复印件',
    '施工图设计文件审查合格书',
    '建设资金已落实承诺书',
    '工程质量安全监督登记手续',
    '法定代表人身份证明书、授权委托书及经办人身份证原件',
  ],
  conditions: [
    '已依法办理建设工程用地批准手续',
    '已取得建设工程规划许可证，需要拆迁的其拆迁进度符合施工要求',
    '已确定施工企业，有满足施工需要的资金安排、施工图纸及技术资料',
  ],
  timeLimit: '法定7个工作日，承诺3个工作日',
  fees: '不收费',
  notes: '工程投资额30万元以下或建筑面积300平方米以下的建筑工程，可不申请办理施工许可证。',
};

const guideRealEstate: ServiceGuide = {
  materials: [
    '《不动产登记申请书》',
    '申请人身份证原件及复印件',
    '《不动产权证书》或《房屋所有权证》《国有土地使用证》原件',
    '经网签备案的《存量房买卖合同》',
    '契税、增值税等完税凭证',
    '婚姻状况证明（结婚证、离婚证及离婚协议或户口簿）',
    '委托他人办理的，提交经公证的授权委托书及代理人身份证原件',
  ],
  conditions: [
    '不动产权属清晰，无查封、异议等限制登记情形',
    '买卖双方（或其委托代理人）须到场签字确认',
  ],
  timeLimit: '法定30个工作日，承诺3个工作日（一般转移登记）',
  fees: '住宅80元/件，非住宅550元/件；每增加一本证书加收工本费10元',
  notes: '存量房转移登记实行“交易、缴税、登记”一窗受理，当天取号名额有限，建议提前预约。',
};

const guideSocialInsurance: ServiceGuide = {
  materials: [
    '申请人身份证原件',
    '社会保障卡（或电子社保卡）',
    '《社会保险参保登记表》',
    '城乡居民养老保险参保的，提交户口簿原件',
    '转移接续的，提交原参保地出具的《基本养老保险参保缴费凭证》',
    '单位经办的，提交单位授权委托书及经办人身份证原件',
  ],
  conditions: ['在本市就业的职工，或户籍在本区的城乡居民'],
  timeLimit: '参保登记、缴费基数核定即办；养老保险关系转移承诺15个工作日',
  fees: '不收费',
};

const guideMedicalInsurance: ServiceGuide = {
  materials: [
    '申请人身份证原件或社会保障卡',
    '《海南省基本医疗保险参保登记表》',
    '办理异地就医备案的，提交《异地就医登记备案表》及异地居住或工作证明',
    '申请门诊慢特病待遇的，提交二级及以上医院出具的诊断证明及相关病历资料',
    '代办的，提交代办人身份证原件及委托书',
  ],
  conditions: ['已在本市参加基本医疗保险，或符合参保条件'],
  timeLimit: '参保登记、异地就医备案即办；门诊慢特病待遇认定承诺10个工作日',
  fees: '不收费',
  notes: '异地就医备案也可通过“国家医保服务平台”App办理。',
};

const guideRentalFiling: ServiceGuide = {
  materials: [
    '《房屋租赁登记备案申请表》',
    '房屋租赁合同原件',
    '出租人、承租人身份证件原件及复印件',
    '《不动产权证书》或其他房屋合法权属证明',
    '委托代理的，提交授权委托书及代理人身份证原件',
  ],
  conditions: [
    '出租房屋权属清晰，不属于违法建筑',
    '出租房屋符合安全、防灾等工程建设强制性标准',
  ],
  timeLimit: '秒批：材料齐全即时办结',
  fees: '不收费',
  notes: '本事项已实行“秒批”，可通过“海易办”App或大厅自助服务终端即时办理，无需排队等候。',
};

const guideSeniorCard: ServiceGuide = {
  materials: [
    '本人身份证原件',
    '近期一寸免冠彩色照片1张（自助终端可现场拍照）',
    '户口簿或海南省居住证（非本市户籍老人）',
    '代办的，提交代办人身份证原件',
  ],
  conditions: ['年满60周岁', '具有本市户籍，或持有本市有效居住证'],
  timeLimit: '秒批：当场办结',
  fees: '不收费',
  notes: '本事项实行“秒批”。80周岁以上或行动不便的老人，可申请志愿者帮办代办或社区上门服务。',
};

const guideResidence: ServiceGuide = {
  materials: [
    '申请人身份证原件',
    '户口簿或海南省居住证',
    '房屋产权证明或经备案的房屋租赁合同',
    '《居住证明申请表》',
    '社区（村）居委会出具的居住情况核实意见',
  ],
  conditions: ['在本区实际居住满6个月'],
  timeLimit: '法定5个工作日，承诺即办（材料齐全时）',
  fees: '不收费',
};

const guideHousingFund: ServiceGuide = {
  materials: [
    '本人身份证原件',
    '本人名下一类银行借记卡',
    '《住房公积金提取申请表》',
    '购房提取的，提交购房合同及购房发票；租房提取的，提交房屋租赁备案证明',
    '婚姻状况证明（提取配偶公积金时提供）',
  ],
  conditions: [
    '已连续足额缴存住房公积金6个月以上',
    '符合购房、租房、偿还贷款、退休等提取情形之一',
  ],
  timeLimit: '法定3个工作日，承诺即办',
  fees: '不收费',
  notes: '租房提取、偿还本市公积金贷款提取可通过“海南公积金”App在线办理。',
};

const guideConsultation: ServiceGuide = {
  materials: [
    '一般咨询无需携带材料',
    '咨询具体事项的，建议携带本人身份证件',
    '已办理过的事项，可携带受理单或相关材料复印件',
  ],
  conditions: ['面向所有办事群众和企业'],
  timeLimit: '即时解答',
  fees: '不收费',
  notes: '可咨询办事指南、材料准备、网上办事操作等问题，也可拨打12345政务服务便民热线。',
};

const guideUnresolved: ServiceGuide = {
  materials: [
    '申请人身份证件',
    '此前办理时取得的受理单、不予受理通知书或一次性告知书（如有）',
    '与所办事项相关的申请材料或复印件（如有）',
    '情况说明（可现场口述，由工作人员代为记录）',
  ],
  conditions: [
    '在本中心窗口或网上办事时遇到“办不成”“办不快”“来回跑”等问题',
    '对窗口不予受理、要求补正材料等处理有异议',
  ],
  timeLimit: '当场受理，1个工作日内答复',
  fees: '不收费',
  notes:
    '办不成事反映窗口由值班领导直接督办，反映的问题按三种方式处理：' +
    '能当场解决的当场办结；需协调相关部门的实行帮办代办，限时办结并答复；' +
    '确因法律法规或政策原因无法办理的，登记入档并作出详细解释。' +
    '所有反映事项均在1个工作日内答复反映人。',
};

// Community station guides: the same matters, handled or forwarded at the station.

const guideStationResidence: ServiceGuide = {
  materials: [
    '申请人身份证原件',
    '户口簿或海南省居住证',
    '房屋产权证明或房屋租赁合同',
    '《居住证明申请表》（服务站现场领取）',
  ],
  conditions: ['在大园社区实际居住满6个月'],
  timeLimit: '法定5个工作日，承诺即办（入户核实的3个工作日）',
  fees: '不收费',
};

const guideStationSocialMedical: ServiceGuide = {
  materials: [
    '申请人身份证原件或社会保障卡',
    '户口簿原件（城乡居民参保）',
    '《社会保险参保登记表》或《海南省基本医疗保险参保登记表》',
    '代办的，提交代办人身份证原件及委托书',
  ],
  conditions: ['户籍或居住在凤翔街道大园社区的居民'],
  timeLimit: '城乡居民参保登记、缴费即办；其他事项由服务站收件后代办，承诺5个工作日',
  fees: '不收费',
  notes: '服务站收件后通过“就近办”代为报送区政务服务中心办理，办结后通知本人领取。',
};

const guideStationConsultation: ServiceGuide = {
  materials: ['一般咨询无需携带材料', '咨询具体事项的，建议携带本人身份证件'],
  conditions: ['面向社区居民'],
  timeLimit: '即时解答',
  fees: '不收费',
  notes: '可咨询区政务服务中心各类事项的办事指南，服务站工作人员可协助网上预约取号。',
};

// ---------------------------------------------------------------------------
// Halls
// ---------------------------------------------------------------------------

const qiongshan: HallSeed = {
  slug: 'qiongshan',
  name: '海口市琼山区政务服务中心',
  address: '海口市琼山区府城镇文庄路6号琼山区政务服务中心一楼',
  services: [
    { prefix: 'A', name: '企业开办', guide: guideEnterprise, openingHours: hours(weekdayHours), typicalServiceMinutes: 20 },
    { prefix: 'B', name: '施工许可', guide: guideConstruction, openingHours: hours(weekdayHours), typicalServiceMinutes: 25 },
    {
      prefix: 'C',
      name: '不动产登记',
      guide: guideRealEstate,
      openingHours: hours(weekdayHours),
      typicalServiceMinutes: 20,
      dailyCap: 120,
    },
    { prefix: 'D', name: '社保', guide: guideSocialInsurance, openingHours: hours(weekdayHours), typicalServiceMinutes: 12 },
    { prefix: 'E', name: '医保', guide: guideMedicalInsurance, openingHours: hours(weekdayHours), typicalServiceMinutes: 10 },
    {
      prefix: 'F',
      name: '房屋租赁备案',
      guide: guideRentalFiling,
      openingHours: hours(weekdayHours),
      typicalServiceMinutes: 8,
      instantApproval: true,
    },
    {
      prefix: 'G',
      name: '老年优待证',
      guide: guideSeniorCard,
      openingHours: hours(withSaturdayMorning),
      typicalServiceMinutes: 5,
      instantApproval: true,
    },
    { prefix: 'H', name: '社区居住证明', guide: guideResidence, openingHours: hours(weekdayHours), typicalServiceMinutes: 6 },
    {
      prefix: 'J',
      name: '公积金',
      guide: guideHousingFund,
      openingHours: hours(weekdayHours),
      typicalServiceMinutes: 12,
      dailyCap: 100,
    },
    {
      prefix: 'K',
      name: '综合咨询',
      kind: 'consultation',
      guide: guideConsultation,
      openingHours: hours(withSaturdayMorning),
      typicalServiceMinutes: 5,
    },
    {
      prefix: 'L',
      name: '办不成事反映',
      kind: 'unresolved_matter',
      guide: guideUnresolved,
      openingHours: hours(weekdayHours),
      typicalServiceMinutes: 15,
    },
  ],
  counters: [
    { number: 1, name: '1号综合窗口', kind: 'general', status: 'open', serves: ['A', 'B', 'C', 'F', 'H'] },
    { number: 2, name: '2号综合窗口', kind: 'general', status: 'open', serves: ['A', 'B', 'C', 'D', 'E', 'F'] },
    { number: 3, name: '3号综合窗口', kind: 'general', status: 'open', serves: ['C', 'D', 'E', 'G', 'H', 'J'] },
    { number: 4, name: '4号综合窗口', kind: 'general', status: 'open', serves: ['A', 'D', 'E', 'F', 'G', 'H'] },
    { number: 5, name: '5号综合窗口', kind: 'general', status: 'open', serves: ['A', 'B', 'C', 'F', 'G', 'J'] },
    { number: 6, name: '6号综合窗口', kind: 'general', status: 'closed', serves: ['D', 'E', 'G', 'H', 'J'] },
    { number: 7, name: '7号不动产登记窗口', kind: 'dedicated', status: 'open', serves: ['C'] },
    { number: 8, name: '8号公积金窗口', kind: 'dedicated', status: 'open', serves: ['J'] },
    { number: 9, name: '9号社保医保窗口', kind: 'dedicated', status: 'open', serves: ['D', 'E'] },
    { number: 10, name: '10号施工许可窗口', kind: 'dedicated', status: 'open', serves: ['B'] },
    { number: 11, name: '11号综合咨询窗口', kind: 'dedicated', status: 'open', serves: ['K'] },
    { number: 12, name: '办不成事反映窗口', kind: 'unresolved_matter', status: 'open', serves: ['L'] },
    { number: 13, name: '13号综合窗口', kind: 'general', status: 'closed', serves: ['A', 'D', 'E', 'H'] },
  ],
  staff: [
    { username: 'admin', displayName: '系统管理员', role: 'admin' },
    { username: 'leader', displayName: '王建国', role: 'leader' },
    { username: 'c01', displayName: '林晓燕', role: 'staff', counter: 1 },
    { username: 'c02', displayName: '陈海明', role: 'staff', counter: 2 },
    { username: 'c03', displayName: '符丽娟', role: 'staff', counter: 3 },
    { username: 'c04', displayName: '吴志强', role: 'staff', counter: 4 },
    { username: 'c05', displayName: '王雅婷', role: 'staff', counter: 5 },
    { username: 'c06', displayName: '李明辉', role: 'staff', counter: 6 },
    { username: 'c07', displayName: '黄秋月', role: 'staff', counter: 7 },
    { username: 'c08', displayName: '郑国华', role: 'staff', counter: 8 },
    { username: 'c09', displayName: '周小梅', role: 'staff', counter: 9 },
    { username: 'c10', displayName: '冯德胜', role: 'staff', counter: 10 },
    { username: 'c11', displayName: '云少琴', role: 'staff', counter: 11 },
    { username: 'c12', displayName: '邢文博', role: 'staff', counter: 12 },
    { username: 'c13', displayName: '蔡佳欣', role: 'staff', counter: 13 },
    { username: 'volunteer', displayName: '符美玲', role: 'volunteer' },
    { username: 'inspector', displayName: '陈志远', role: 'inspector' },
  ],
  notices: [
    '办公时间：周一至周五 上午 9:00—12:00，下午 13:30—17:00；老年优待证、综合咨询周六上午照常办理。',
    '遇到“办不成”“办不快”“来回跑”，请到 12 号办不成事反映窗口，值班领导现场督办，1 个工作日内答复。',
    '房屋租赁备案、老年优待证支持“秒批”，可在自助终端或手机上即时办理，无需排队。',
    '老年人、残疾人、孕妇等可走绿色通道优先办理，需要帮助请联系身穿红马甲的志愿者。',
    '听到叫号请尽快到对应窗口办理；请妥善保管好个人证件和随身物品。',
  ],
  dutyLeader: 'leader',
};

const dayuan: HallSeed = {
  slug: 'dayuan',
  name: '凤翔街道大园社区便民服务站',
  address: '海口市琼山区凤翔街道大园社区居委会一楼',
  services: [
    {
      prefix: 'A',
      name: '社区居住证明',
      guide: guideStationResidence,
      openingHours: hours(weekdayHours),
      typicalServiceMinutes: 6,
    },
    {
      prefix: 'B',
      name: '老年优待证',
      guide: guideSeniorCard,
      openingHours: hours(withSaturdayMorning),
      typicalServiceMinutes: 5,
      instantApproval: true,
    },
    {
      prefix: 'C',
      name: '社保医保代办',
      guide: guideStationSocialMedical,
      openingHours: hours(weekdayHours),
      typicalServiceMinutes: 10,
    },
    {
      prefix: 'D',
      name: '综合咨询',
      kind: 'consultation',
      guide: guideStationConsultation,
      openingHours: hours(withSaturdayMorning),
      typicalServiceMinutes: 5,
    },
  ],
  counters: [
    { number: 1, name: '1号综合窗口', kind: 'general', status: 'open', serves: ['A', 'B', 'C', 'D'] },
    { number: 2, name: '2号综合窗口', kind: 'general', status: 'open', serves: ['A', 'B', 'C', 'D'] },
    { number: 3, name: '3号综合咨询窗口', kind: 'dedicated', status: 'open', serves: ['D'] },
  ],
  staff: [
    { username: 'dy-admin', displayName: '大园服务站管理员', role: 'admin' },
    { username: 'dy-leader', displayName: '吴海燕', role: 'leader' },
    { username: 'dy-c01', displayName: '陈丽华', role: 'staff', counter: 1 },
    { username: 'dy-c02', displayName: '林永福', role: 'staff', counter: 2 },
    { username: 'dy-c03', displayName: '王秀英', role: 'staff', counter: 3 },
  ],
  notices: [
    '服务时间：周一至周五 9:00—12:00、13:30—17:00，周六上午可办理老年优待证和咨询。',
    '社保医保等事项可在服务站收件，由工作人员代办报送区政务服务中心，办结后通知领取。',
  ],
  dutyLeader: 'dy-leader',
};

const demoHalls: readonly HallSeed[] = [qiongshan, dayuan];

// ---------------------------------------------------------------------------

async function hasHall(db: DbOrTx): Promise<boolean> {
  const rows = await db.select({ id: halls.id }).from(halls).limit(1);
  return rows.length > 0;
}

async function insertHall(tx: Tx, hall: HallSeed, passwordHash: string): Promise<void> {
  const hallId = randomUUID();
  await tx.insert(halls).values({
    id: hallId,
    slug: hall.slug,
    name: hall.name,
    address: hall.address,
    timeZone: 'Asia/Shanghai',
    settings: {
      ...defaultHallSettings,
      enforceHours: false,
      requireDeviceKey: false,
      notices: [...hall.notices],
      // A rule rather than rows: the demo leader is on duty every day, however long the demo runs.
      defaultDutyLeader: hall.dutyLeader,
    },
  });

  const serviceIds = new Map<string, string>();
  await tx.insert(services).values(
    hall.services.map((s, i) => {
      const id = randomUUID();
      serviceIds.set(s.prefix, id);
      return {
        id,
        hallId,
        prefix: s.prefix,
        name: s.name,
        kind: s.kind ?? 'normal',
        guide: s.guide,
        dailyCap: s.dailyCap ?? null,
        openingHours: s.openingHours,
        instantApproval: s.instantApproval ?? false,
        typicalServiceMinutes: s.typicalServiceMinutes,
        sortOrder: (i + 1) * 10,
        active: true,
      };
    }),
  );

  const counterIds = new Map<number, string>();
  await tx.insert(counters).values(
    hall.counters.map((c) => {
      const id = randomUUID();
      counterIds.set(c.number, id);
      return { id, hallId, number: c.number, name: c.name, kind: c.kind, status: c.status };
    }),
  );

  const links = hall.counters.flatMap((c) =>
    c.serves.map((prefix) => {
      const counterId = counterIds.get(c.number);
      const serviceId = serviceIds.get(prefix);
      if (!counterId || !serviceId) throw new Error(`seed: counter ${c.number} of ${hall.slug} serves unknown prefix ${prefix}`);
      return { counterId, serviceId };
    }),
  );
  await tx.insert(counterServices).values(links);

  await tx.insert(staff).values(
    hall.staff.map((s) => {
      let counterId: string | null = null;
      if (s.counter !== undefined) {
        const id = counterIds.get(s.counter);
        if (!id) throw new Error(`seed: ${s.username} bound to unknown counter ${s.counter}`);
        counterId = id;
      }
      return { hallId, username: s.username, displayName: s.displayName, role: s.role, counterId, passwordHash };
    }),
  );
}

/** Seeds the demo halls when the database has no hall yet. Returns true when it seeded. */
export async function seedDemo(db: Db, options: SeedOptions): Promise<boolean> {
  // Cheap check first, so an already-seeded database never pays for the bcrypt hash.
  if (await hasHall(db)) return false;
  const passwordHash = await bcrypt.hash(options.password, options.passwordHashRounds ?? 10);
  return db.transaction(async (tx) => {
    // Checked again inside the transaction: another process may have seeded meanwhile.
    if (await hasHall(tx)) return false;
    for (const hall of demoHalls) await insertHall(tx, hall, passwordHash);
    await seedPromisedDays(tx);
    await seedLeaderDistrict(tx);
    await seedCitizenDemo(tx);
    return true;
  });
}
