import { MessageOutlined } from '@ant-design/icons';
import { Button, Drawer, List, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDevOutbox } from '../api/client';
import { EmptyState, ErrorState, Loading } from './States';

/** Local mode only: the SMS and email the platform "sent", so codes can be read without a phone. */
export default function DevOutbox() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const outbox = useDevOutbox(open);
  return (
    <>
      <Button type="text" icon={<MessageOutlined aria-hidden />} onClick={() => setOpen(true)}>
        {t('dev.outbox')}
      </Button>
      <Drawer
        title={t('dev.outbox')}
        open={open}
        onClose={() => setOpen(false)}
        width={Math.min(420, window.innerWidth)}
      >
        {outbox.isPending ? (
          <Loading />
        ) : outbox.isError ? (
          <ErrorState error={outbox.error} onRetry={() => void outbox.refetch()} />
        ) : outbox.data.length === 0 ? (
          <EmptyState text={t('dev.outboxEmpty')} />
        ) : (
          <List
            dataSource={[...outbox.data].reverse()}
            renderItem={(m) => (
              <List.Item>
                <List.Item.Meta
                  title={
                    <span>
                      <Tag>{m.channel.toUpperCase()}</Tag> {m.to}
                    </span>
                  }
                  description={
                    <>
                      <div>{m.text}</div>
                      {m.code ? (
                        <div>
                          {t('dev.code')}:{' '}
                          <Typography.Text code copyable>
                            {m.code}
                          </Typography.Text>
                        </div>
                      ) : null}
                      <time dateTime={m.at}>{dayjs(m.at).format('YYYY-MM-DD HH:mm:ss')}</time>
                    </>
                  }
                />
              </List.Item>
            )}
          />
        )}
      </Drawer>
    </>
  );
}
