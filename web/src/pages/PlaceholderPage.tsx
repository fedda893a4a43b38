import { Card, Result } from 'antd';
import { NAV_ITEMS } from '../layout/navigation.js';

/** A business line whose module has not landed yet: says what it will do instead of showing an empty page. */
export default function PlaceholderPage({ section }: { section: string }) {
  const item = NAV_ITEMS.find((nav) => nav.path === section);
  return (
    <Card>
      <Result status="info" icon={item?.icon} title={`${item?.label ?? '此功能'}：建设中`} subTitle={item?.summary} />
    </Card>
  );
}
