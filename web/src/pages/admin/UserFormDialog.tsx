import { Alert, Form, Input, InputNumber, Modal, Select, Typography } from 'antd';
import { useEffect } from 'react';
import type { LedgerUser, Role } from '../../api/admin-types.js';
import { useMe } from '../../auth/AuthContext.js';
import { DivisionPicker } from '../../components/DivisionPicker.js';
import { roleLabels } from '../../format/labels.js';
import { PRIVILEGED_HINT } from './user-rules.js';

export interface UserFormValues {
  username: string;
  displayName: string;
  role: Role;
  jurisdiction: string;
  organisationId?: number | null;
}

const ROLE_ORDER: Role[] = ['street_caseworker', 'community_advisor', 'district_staff', 'institution_staff', 'leader', 'city_admin', 'security_admin', 'auditor', 'child_director', 'child_supervisor'];

/** New account (all fields) or a changed role and jurisdiction (`user` given: the name and login stay). */
export function UserFormDialog({ open, user, busy, onCancel, onSubmit }: { open: boolean; user?: LedgerUser; busy: boolean; onCancel: () => void; onSubmit: (values: UserFormValues) => void }) {
  const me = useMe();
  const [form] = Form.useForm<UserFormValues>();
  const role = Form.useWatch('role', form);
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (user) form.setFieldsValue({ username: user.username, displayName: user.displayName, role: user.role, jurisdiction: user.jurisdiction, organisationId: user.organisationId });
  }, [open, user, form]);
  return (
    <Modal
      open={open}
      title={user ? `修改角色与辖区：${user.displayName}` : '新建用户'}
      okText={user ? '提交修改' : '创建'}
      cancelText="取消"
      confirmLoading={busy}
      onCancel={onCancel}
      onOk={() => void form.validateFields().then(onSubmit, () => undefined)}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" data-testid="user-form">
        <Form.Item
          name="displayName"
          label="姓名"
          rules={[
            { required: true, whitespace: true, message: '请填写姓名' },
            { max: 64, message: '不超过 64 个字' },
          ]}
        >
          <Input disabled={!!user} placeholder="如：潍坊新村街道 王经办" data-testid="user-display-name" />
        </Form.Item>
        <Form.Item
          name="username"
          label="登录名"
          extra={user ? undefined : '3–32 位小写字母、数字或 _ . -，以字母开头；初始密码由系统生成'}
          rules={[
            { required: true, message: '请填写登录名' },
            { pattern: /^[a-z][a-z0-9_.-]{2,31}$/, message: '登录名须为 3–32 位小写字母、数字或 _ . -，以字母开头' },
          ]}
        >
          <Input disabled={!!user} autoComplete="off" data-testid="user-username" />
        </Form.Item>
        <Form.Item name="role" label="角色" rules={[{ required: true, message: '请选择角色' }]}>
          <Select options={ROLE_ORDER.map((r) => ({ value: r, label: roleLabels[r] ?? r }))} placeholder="请选择角色" data-testid="user-form-role" />
        </Form.Item>
        <Form.Item name="jurisdiction" label="辖区" rules={[{ required: true, message: '请选择辖区' }]} extra="用户只能看到和办理辖区范围内的人员与业务">
          <DivisionPicker root={me.jurisdiction} placeholder="请选择辖区" testId="user-form-jurisdiction" />
        </Form.Item>
        {role === 'institution_staff' && (
          <Form.Item name="organisationId" label="所属服务机构（人口库机构编号）" rules={[{ required: true, message: '服务机构工作人员须指定所属机构' }]}>
            <InputNumber min={1} precision={0} style={{ width: 200 }} data-testid="user-organisation" />
          </Form.Item>
        )}
      </Form>
      <Alert type="info" showIcon title="特权授权须双人审批" description={PRIVILEGED_HINT} />
      {user && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
          修改生效后，该用户的全部会话立即结束，须重新登录。
        </Typography.Paragraph>
      )}
    </Modal>
  );
}
