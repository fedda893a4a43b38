import { Card, Col, Descriptions, Row, Space, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useMe } from '../auth/AuthContext.js';
import { DivisionName } from '../components/DivisionName.js';
import { ItemList } from '../components/ItemList.js';
import { visibleNavItems } from '../layout/navigation.js';
import type { Permission } from '../../../src/access/permissions.js';

/** What each permission lets the user do, in the words a caseworker would use (every permission: a new one without words fails the typecheck). */
const permissionText: Record<Permission, string> & Record<string, string | undefined> = {
  'registry.read': '查询辖区内人员、家庭及其收入、财产等事实',
  'registry.write': '登记和更正人员、家庭信息',
  'pii.reveal': '填写用途后查看完整身份证号（每次查看均记入审计日志）',
  'audit.read': '查看审计日志并校验日志是否被篡改',
  'users.manage': '管理用户账号、角色与辖区',
  'policy.evaluate': '计算单户家庭可享受的政策及理由',
  'policy.screen': '对全人口进行政策筛查（政策找人）',
  'policy.simulate': '政策调整测算（如低保标准上调的覆盖面与资金）',
  'policy.params.write': '维护政策参数（标准、系数）',
  'stats.read': '查看统计与驾驶舱',
  'assistance.read': '查看社会救助案件',
  'assistance.handle': '受理、核对、入户调查社会救助申请',
  'assistance.decide': '审批社会救助申请',
  'assistance.pay': '发放社会救助资金',
  'assistance.integrity': '救助廉政监督（近亲属备案、抽查、比对）',
  'assistance.configure': '配置社会救助业务参数',
  'monitoring.exchange': '管理部门数据交换',
  'monitoring.read': '查看低收入人口动态监测预警',
  'monitoring.handle': '核实、处置预警（闭环）',
  'monitoring.discover': '主动发现（政策找人）',
  'monitoring.grants': '免申即享待遇核定',
  'monitoring.configure': '配置预警规则',
  'eldercare.read': '查看养老服务设施、床位、监管与助餐统计',
  'eldercare.persons.read': '查看轮候老人、评估结论与在院老人（查看记入审计日志）',
  'eldercare.facilities.manage': '登记养老服务设施、核定床位与收费标准',
  'eldercare.stays.record': '办理养老机构入住与离院',
  'eldercare.assess': '录入老年照护统一需求评估结论',
  'eldercare.waitlist.handle': '受理保基本床位轮候申请，答复床位通知（接受或放弃）',
  'eldercare.waitlist.allocate': '立即分配空出的保基本床位',
  'eldercare.supervise': '登记养老机构监督检查、督促整改与复核',
  'eldercare.meals.record': '登记老年人助餐用餐',
  'eldercare.rentals.record': '登记康复辅具社区租赁与归还',
  'eldercare.operate': '本机构在院老人入住离院、助餐登记、预收费月报与整改情况报送',
  'eldercare.configure': '配置养老服务参数',
  'socialorg.read': '查看社会组织登记、年检、信用名录与统计',
  'socialorg.register': '社会组织名称核准与成立、变更、注销登记',
  'socialorg.supervise': '社会组织年度检查、活动异常名录与严重违法失信名单、慈善组织认定',
  'socialorg.configure': '配置社会组织登记与监管参数',
  'socialorg.report': '报送本组织年度工作报告',
  'children.read': '查看儿童福利对象名册与个案（查看记入审计日志）',
  'children.report': '发现报告孤儿、事实无人抚养儿童、困境儿童',
  'children.visit': '入户走访并登记走访情况',
  'children.review': '督导复核儿童个案',
  'children.decide': '认定儿童福利保障对象',
  'children.pay': '发放儿童基本生活费',
  'children.pii.reveal': '填写用途后查看未成年人完整身份证号（记入审计日志）',
  'children.figures': '查看儿童福利统计',
  'children.configure': '配置儿童福利与残疾人福利参数',
  'disability.read': '查看残疾人两项补贴申请与发放',
  'disability.handle': '受理残疾人两项补贴申请',
  'disability.decide': '审批残疾人两项补贴',
  'disability.pay': '发放残疾人两项补贴',
  'community.read': '查看社区工作者名册与配备情况',
  'community.roster.write': '登记社区工作者任职与离岗',
  'community.divisions.manage': '登记居村委会设立、拆分、合并、调整隶属，导入区划代码清单',
  'community.services.catalogue': '维护社区事务受理事项目录',
  'community.services.manage': '登记社区事务受理点，导入一网通办办件',
  'community.services.record': '窗口登记办件与办结',
  'community.burden.lists': '维护居村委会证明事项清单与协助行政事务准入清单',
  'community.burden.record': '登记向居村委会提出的证明与事务请求、违规摊派举报',
  'community.burden.manage': '移送、办结违规摊派举报，设立减负监测点',
  'indicators.enter': '填报规划指标数值、月末封存',
  'marriage.read': '查看婚姻登记档案（查看记入审计日志）',
  'marriage.register': '办理结婚、离婚登记，补领证书',
  'marriage.import': '导入婚姻登记历史档案',
  'marriage.configure': '配置婚姻登记机关、预约号源与参数',
  'marriage.figures': '查看婚姻登记统计',
  'adoption.read': '查看本机关收养登记档案（查看记入审计日志）',
  'adoption.register': '办理收养评估记录、收养登记与解除收养登记',
  'adoption.configure': '配置收养登记参数',
  'adoption.figures': '查看收养登记统计',
  'funeral.read': '查看辖区身故“一件事”办理情况',
  'funeral.record': '登记死亡通报、勾选办理事项、受理殡葬补贴',
  'funeral.units.manage': '维护殡葬服务单位、收费标准与墓位',
  'funeral.pay': '发放殡葬补贴',
};

/** Where each promise is kept: the permissions that have a page of their own link to it. */
const permissionPage: Record<string, string> = {
  'users.manage': '/admin/users',
  'policy.params.write': '/admin/settings?tab=policy',
  'assistance.configure': '/admin/settings?tab=assistance',
  'monitoring.configure': '/admin/settings?tab=monitoring',
  'eldercare.configure': '/admin/settings?tab=eldercare',
  'audit.read': '/audit',
};

export default function HomePage() {
  const me = useMe();
  const sections = visibleNavItems(me.permissions).filter((item) => item.path !== '/');
  return (
    <Row gutter={[24, 24]}>
      <Col span={24}>
        <Card>
          <Typography.Title level={3} style={{ marginTop: 0 }} data-testid="welcome">
            您好，{me.displayName}
          </Typography.Title>
          <Descriptions column={3} size="small">
            <Descriptions.Item label="角色">{me.roleName}</Descriptions.Item>
            <Descriptions.Item label="辖区">
              <DivisionName code={me.jurisdiction} full />
            </Descriptions.Item>
            <Descriptions.Item label="用户名">{me.username}</Descriptions.Item>
          </Descriptions>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
            您只能看到辖区范围内的人员和家庭；每一次查看个人信息都会记入审计日志。
          </Typography.Paragraph>
        </Card>
      </Col>
      <Col xs={24} lg={14}>
        <Card title="业务入口">
          <ItemList
            items={sections}
            empty="您的角色暂无可用的业务入口"
            render={(item) => (
              <Space align="start" size="middle">
                <span style={{ fontSize: 18 }}>{item.icon}</span>
                <div>
                  <Link to={item.path} style={{ fontWeight: 500 }}>
                    {item.label}
                  </Link>
                  <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
                    {item.summary}
                  </Typography.Paragraph>
                </div>
              </Space>
            )}
          />
        </Card>
      </Col>
      <Col xs={24} lg={10}>
        <Card title="您的角色可以">
          <ItemList
            items={me.permissions}
            testId="permission-list"
            render={(permission) => {
              const text = permissionText[permission] ?? permission;
              const page = permissionPage[permission];
              return page ? <Link to={page}>{text}</Link> : text;
            }}
          />
        </Card>
      </Col>
    </Row>
  );
}
