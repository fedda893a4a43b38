import { ExperimentOutlined } from '@ant-design/icons';
import { Button, Col, DatePicker, Form, Input, Row, Select, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useParameters } from '../../api/simulation.js';
import { useMe } from '../../auth/AuthContext.js';
import { DivisionPicker } from '../../components/DivisionPicker.js';
import { programmeLabels } from '../../format/labels.js';
import { parseYuan } from '../../format/money.js';
import { percentToPermille } from '../../format/percent.js';
import type { ChangeMode, Scenario } from './simulation-scenario.js';
import { today } from '../../format/dates.js';

interface Values {
  parameter: string;
  mode: ChangeMode;
  value: string;
  from: Dayjs;
  startMonth: Dayjs;
  division?: string;
  programmes?: string[];
}

const MODES: { value: ChangeMode; label: string; money: boolean }[] = [
  { value: 'scale', label: '按比例（%）', money: false },
  { value: 'add', label: '增加金额（元）', money: true },
  { value: 'set', label: '调整为（元）', money: true },
];

/** Defaults to the yearly July adjustment of the 低保 standard: +5% from next 1 July. */
function defaults(): Scenario {
  const july = today().month() >= 6 ? today().add(1, 'year').month(6).date(1) : today().month(6).date(1);
  return { parameter: 'dibao.standard', mode: 'scale', value: '5', from: july.format('YYYY-MM-DD'), startMonth: july.format('YYYY-MM'), programmes: [] };
}

export function SimulationForm({ initial, running, onRun }: { initial: Scenario | null; running: boolean; onRun(s: Scenario): void }) {
  const me = useMe();
  const parameters = useParameters();
  const [form] = Form.useForm<Values>();
  const parameter = Form.useWatch('parameter', form);
  const mode = Form.useWatch('mode', form);
  const start = initial ?? defaults();
  const unit = parameters.data?.parameters.find((p) => p.name === parameter)?.unit ?? 'fen';
  const moneyParameter = unit.startsWith('fen');
  const modes = MODES.filter((m) => !m.money || (m.value === 'set' ? unit === 'fen' : moneyParameter));

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      initialValues={{ ...start, from: dayjs(start.from), startMonth: dayjs(`${start.startMonth}-01`) }}
      onFinish={(v) => onRun({ parameter: v.parameter, mode: v.mode, value: v.value.trim(), from: v.from.format('YYYY-MM-DD'), startMonth: v.startMonth.format('YYYY-MM'), division: v.division, programmes: v.programmes ?? [] })}
    >
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <Form.Item name="parameter" label="调整的参数" rules={[{ required: true }]}>
            <Select
              showSearch
              optionFilterProp="label"
              loading={parameters.isPending}
              options={(parameters.data?.parameters ?? []).map((p) => ({ value: p.name, label: p.label }))}
              onChange={() => form.setFieldsValue({ mode: 'scale' })}
              data-testid="sim-parameter"
            />
          </Form.Item>
        </Col>
        <Col xs={12} md={5}>
          <Form.Item name="mode" label="调整方式">
            <Select options={modes.map(({ value, label }) => ({ value, label }))} />
          </Form.Item>
        </Col>
        <Col xs={12} md={4}>
          <Form.Item
            name="value"
            label={mode === 'scale' ? '幅度（%）' : '金额（元）'}
            rules={[
              { required: true, message: '请输入调整幅度' },
              {
                validator: (_, value?: string) => {
                  if (!value) return Promise.resolve();
                  const ok = mode === 'scale' ? percentToPermille(value) !== null : parseYuan(value) !== null;
                  return ok ? Promise.resolve() : Promise.reject(new Error(mode === 'scale' ? '如 5 或 -2.5' : '金额，最多两位小数'));
                },
              },
            ]}
          >
            <Input placeholder={mode === 'scale' ? '如 5' : '如 80'} data-testid="sim-value" />
          </Form.Item>
        </Col>
        <Col xs={12} md={4}>
          <Form.Item name="from" label="生效日期" rules={[{ required: true }]}>
            <DatePicker allowClear={false} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={12} md={3}>
          <Form.Item name="startMonth" label="测算起始月" rules={[{ required: true }]} tooltip="测算该月起 12 个月">
            <DatePicker picker="month" allowClear={false} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="division" label="范围（缺省为本人辖区）">
            <DivisionPicker root={me.jurisdiction} />
          </Form.Item>
        </Col>
        <Col xs={24} md={10}>
          <Form.Item name="programmes" label="测算的项目（缺省为全部）">
            <Select mode="multiple" allowClear options={Object.entries(programmeLabels).map(([value, text]) => ({ value, label: text }))} placeholder="全部项目" />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item label=" ">
            <Button type="primary" htmlType="submit" icon={<ExperimentOutlined />} loading={running} block data-testid="sim-run">
              测算
            </Button>
          </Form.Item>
        </Col>
      </Row>
      <Typography.Text type="secondary">对同一人口分别按现行参数（基线）和调整后参数逐月计算 12 个月，比较各区覆盖户数、人数与资金；测算不改变任何在办案件和发放结果。</Typography.Text>
    </Form>
  );
}
