import { Breadcrumb, Button, Card, Descriptions, Space, Tag } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useFacility } from '../../api/eldercare.js';
import { useAuth } from '../../auth/AuthContext.js';
import { ApiErrorNotice } from '../../components/ApiErrorNotice.js';
import { DivisionName } from '../../components/DivisionName.js';
import { PageLoading } from '../../components/PageLoading.js';
import { facilityKindLabels, ownershipLabels } from '../../format/eldercare-labels.js';
import { label } from '../../format/labels.js';
import { formatFen } from '../../format/money.js';
import { AddBedsDialog, PricesDialog } from './BedChangeDialogs.js';
import { FacilityBeds } from './FacilityBeds.js';
import { FacilitySupervisionCard } from './FacilitySupervisionCard.js';
import { ResidentsCard } from './ResidentsCard.js';

/** 设施详情: the facility, its beds by type with prices, and (for permitted roles) who lives there. */
export default function FacilityDetailPage() {
  const id = Number(useParams().id);
  const query = useFacility(id);
  const { can } = useAuth();
  const [dialog, setDialog] = useState<'beds' | 'prices' | null>(null);
  if (!Number.isInteger(id) || id <= 0) return <ApiErrorNotice error={{ status: 404, message: '设施编号无效' }} />;
  if (query.error) return <ApiErrorNotice error={query.error} />;
  if (!query.data) return <PageLoading />;
  const f = query.data;
  const bedKind = f.kind === 'institution' || f.kind === 'family_bed_station';
  const hasBeds = f.totalBeds.licensed > 0 || f.prices.length > 0;
  const manage = bedKind && can('eldercare.facilities.manage');
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Breadcrumb items={[{ title: <Link to="/eldercare">养老服务设施</Link> }, { title: f.name }]} />
      <Card title={<span data-testid="facility-title">{f.name}</span>} extra={<Tag>{label(facilityKindLabels, f.kind)}</Tag>}>
        <Descriptions column={{ xs: 1, md: 2, xl: 3 }} size="small" bordered>
          <Descriptions.Item label="类型">{label(facilityKindLabels, f.kind)}</Descriptions.Item>
          <Descriptions.Item label="性质">{label(ownershipLabels, f.ownership)}</Descriptions.Item>
          <Descriptions.Item label="所在地">
            <DivisionName code={f.divisionCode} full />
          </Descriptions.Item>
          <Descriptions.Item label="地址">{f.address || '—'}</Descriptions.Item>
          <Descriptions.Item label="统一社会信用代码">{f.creditCode ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="状态">{f.status === 'open' ? '运营中' : f.status}</Descriptions.Item>
          {f.mealPriceFen !== null ? <Descriptions.Item label="每餐价格">{formatFen(f.mealPriceFen)}</Descriptions.Item> : null}
          {f.dayCarePlaces !== null ? <Descriptions.Item label="日间照护名额">{f.dayCarePlaces} 人</Descriptions.Item> : null}
        </Descriptions>
      </Card>
      {hasBeds || manage ? (
        <Card
          title="床位与收费"
          size="small"
          extra={
            manage ? (
              <Space>
                <Button size="small" onClick={() => setDialog('beds')} data-testid="facility-add-beds">
                  增加床位
                </Button>
                <Button size="small" onClick={() => setDialog('prices')} data-testid="facility-set-prices">
                  设置收费标准
                </Button>
              </Space>
            ) : null
          }
        >
          <FacilityBeds facility={f} />
        </Card>
      ) : null}
      {f.totalBeds.licensed > 0 ? <ResidentsCard facilityId={f.id} organisationId={f.organisationId} /> : null}
      {f.kind === 'institution' ? <FacilitySupervisionCard facilityId={f.id} /> : null}
      {dialog === 'beds' ? <AddBedsDialog facility={f} onClose={() => setDialog(null)} /> : null}
      {dialog === 'prices' ? <PricesDialog facility={f} onClose={() => setDialog(null)} /> : null}
    </Space>
  );
}
