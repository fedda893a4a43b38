import { Button, Result } from 'antd';
import { Link } from 'react-router-dom';
import { PageTitle } from '../PageTitle.js';

export default function NotFoundPage() {
  return (
    <>
      <PageTitle title="页面不存在">页面不存在</PageTitle>
      <Result
        status="404"
        title="没有找到这个页面"
        extra={
          <Link to="/resident">
            <Button type="primary">回到我的权益</Button>
          </Link>
        }
      />
    </>
  );
}
